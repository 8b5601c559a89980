import { getPgPool } from '@/lib/db';
import { API_KEY_PURPOSE } from '@/lib/models/get-chat-target';
import { sealText } from '@/lib/security/sealed-text';
import { uniqueName } from './names';

/** A model connection row (the connection screens are another piece): the key sealed as the app seals it. */
export async function buildModelConnection(options: {
  projectId: string | null;
  baseUrl: string;
  model?: string;
  name?: string;
  apiKey?: string | null;
  params?: Record<string, unknown>;
  maxConcurrency?: number;
  requestsPerMinute?: number | null;
  timeoutMs?: number;
}): Promise<{ id: string; name: string; model: string }> {
  const name = options.name ?? uniqueName('conn');
  const model = options.model ?? 'test-model';
  const { rows } = await getPgPool().query<{ id: string }>(
    `INSERT INTO model_connections ("projectId", name, "baseUrl", model, "apiKeyEncrypted", "apiKeyHint", params, "maxConcurrency", "requestsPerMinute", "timeoutMs", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()) RETURNING id`,
    [
      options.projectId,
      name,
      options.baseUrl,
      model,
      options.apiKey ? sealText(options.apiKey, API_KEY_PURPOSE) : null,
      options.apiKey ? options.apiKey.slice(-4) : null,
      JSON.stringify(options.params ?? {}),
      options.maxConcurrency ?? 4,
      options.requestsPerMinute ?? null,
      options.timeoutMs ?? 60_000,
    ],
  );
  return { id: rows[0]!.id, name, model };
}
