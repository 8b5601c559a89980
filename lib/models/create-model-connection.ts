import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { apiKeyHint, sealApiKey } from '@/lib/models/api-key';
import { authorizeConnectionScope, type ConnectionActor } from '@/lib/models/authorize-connection-scope';
import { assertNameFree, isNameConflict, nameTaken, SUMMARY_SELECT, toSummary } from '@/lib/models/connection-row';
import type { ModelConnectionSummary } from '@/lib/models/get-chat-target';
import type { TModelConnectionInput } from '@/lib/models/schemas';

/**
 * Adds a connection to a project (its leads, admins) or to the shared list (`projectId` null: admins
 * only). The key is stored sealed with its last 4 characters as a hint; the audit row records the
 * settings and whether a key was given, never the key.
 */
export async function createModelConnection(options: {
  actor: ConnectionActor;
  projectId: string | null;
  input: TModelConnectionInput;
}): Promise<ModelConnectionSummary> {
  const { actor, projectId, input } = options;
  await authorizeConnectionScope({ actor, projectId });
  const key = input.apiKey.action === 'replace' ? input.apiKey.key : null;
  try {
    return await getDb().$transaction(async (tx) => {
      await assertNameFree(tx, { projectId, name: input.name });
      const row = await tx.modelConnection.create({
        data: {
          projectId,
          name: input.name,
          baseUrl: input.baseUrl,
          model: input.model,
          apiKeyEncrypted: key === null ? null : sealApiKey(key),
          apiKeyHint: key === null ? null : apiKeyHint(key),
          params: input.params,
          maxConcurrency: input.maxConcurrency,
          requestsPerMinute: input.requestsPerMinute,
          timeoutMs: input.timeoutMs,
          createdById: actor.id,
        },
        select: SUMMARY_SELECT,
      });
      await recordAuditEvent(tx, {
        actorId: actor.id,
        action: 'model_connection.create',
        projectId,
        targetType: 'model_connection',
        targetId: row.id,
        data: { ...auditedSettings(input), shared: projectId === null, apiKey: key === null ? 'none' : 'set', apiKeyHint: row.apiKeyHint },
      });
      return toSummary(row);
    });
  } catch (error) {
    if (isNameConflict(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** What an audit row says of a connection's settings: everything but the key. */
export function auditedSettings(input: TModelConnectionInput) {
  return {
    name: input.name,
    baseUrl: input.baseUrl,
    model: input.model,
    params: input.params,
    maxConcurrency: input.maxConcurrency,
    requestsPerMinute: input.requestsPerMinute,
    timeoutMs: input.timeoutMs,
  };
}
