import { getPgPool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { ChatTarget } from '@/lib/models/chat-completion';
import { ZSamplingParams, type SamplingParams } from '@/lib/models/schemas';
import { openSealedText } from '@/lib/security/sealed-text';

export const API_KEY_PURPOSE = 'model-api-key-v1';

/** What a lead and the job machinery see of a connection: everything but the key (its hint only). */
export type ModelConnectionSummary = {
  id: string;
  /** Null: shared by an admin with every project. */
  projectId: string | null;
  name: string;
  baseUrl: string;
  model: string;
  apiKeyHint: string | null;
  params: SamplingParams;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  timeoutMs: number;
};

export const CONNECTION_SUMMARY_COLUMNS = `c.id, c."projectId", c.name, c."baseUrl", c.model, c."apiKeyHint", c.params, c."maxConcurrency", c."requestsPerMinute", c."timeoutMs"`;

/** The live connections a project may use: its own and the shared ones, by name. */
export async function findModelConnections(options: { projectId: string }): Promise<ModelConnectionSummary[]> {
  const { rows } = await getPgPool().query<ModelConnectionSummary>(
    `SELECT ${CONNECTION_SUMMARY_COLUMNS} FROM model_connections c
     WHERE (c."projectId" = $1 OR c."projectId" IS NULL) AND c."archivedAt" IS NULL
     ORDER BY c."projectId" NULLS LAST, lower(c.name)`,
    [options.projectId],
  );
  return rows.map((r) => ({ ...r, params: ZSamplingParams.catch({}).parse(r.params) }));
}

/**
 * A connection `projectId` may use (its own or a shared one, not removed) with its key opened: the
 * target of chatCompletion. AppError NOT_FOUND otherwise; CONFLICT when the key was sealed under another
 * session secret (the lead must enter it again). The key stays in server memory: never return
 * `target` to a browser or log it.
 */
export async function getChatTarget(options: {
  connectionId: string;
  projectId: string;
}): Promise<{ connection: ModelConnectionSummary; target: ChatTarget }> {
  const { rows } = await getPgPool().query<ModelConnectionSummary & { apiKeyEncrypted: string | null }>(
    `SELECT ${CONNECTION_SUMMARY_COLUMNS}, c."apiKeyEncrypted" FROM model_connections c
     WHERE c.id = $1 AND (c."projectId" = $2 OR c."projectId" IS NULL) AND c."archivedAt" IS NULL`,
    [options.connectionId, options.projectId],
  );
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'No such model connection in this project.');
  const { apiKeyEncrypted, ...connection } = row;
  const apiKey = apiKeyEncrypted === null ? null : openSealedText(apiKeyEncrypted, API_KEY_PURPOSE);
  if (apiKeyEncrypted !== null && apiKey === null) {
    throw new AppError('CONFLICT', `The API key of “${row.name}” cannot be read (the session secret changed): enter it again.`);
  }
  return {
    connection: { ...connection, params: ZSamplingParams.catch({}).parse(connection.params) },
    target: {
      baseUrl: row.baseUrl,
      model: row.model,
      apiKey,
      timeoutMs: row.timeoutMs,
      allowPrivateHosts: getEnv().MODEL_ALLOW_PRIVATE_HOSTS,
    },
  };
}
