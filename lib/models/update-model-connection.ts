import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { apiKeyHint, sealApiKey } from '@/lib/models/api-key';
import { authorizeConnectionScope, type ConnectionActor } from '@/lib/models/authorize-connection-scope';
import { assertNameFree, findConnectionInScope, isNameConflict, nameTaken, SUMMARY_SELECT, toSummary } from '@/lib/models/connection-row';
import { auditedSettings } from '@/lib/models/create-model-connection';
import type { ModelConnectionSummary } from '@/lib/models/get-chat-target';
import type { TModelConnectionInput } from '@/lib/models/schemas';

/**
 * Changes a live connection seen from `projectId` (null: the shared list). A project's connection
 * by its leads and admins, a shared one by admins only. The key is write-only: kept when the form
 * leaves it empty, replaced, or removed. Audited with the settings and what happened to the key.
 */
export async function updateModelConnection(options: {
  actor: ConnectionActor;
  projectId: string | null;
  connectionId: string;
  input: TModelConnectionInput;
}): Promise<ModelConnectionSummary> {
  const { actor, projectId, connectionId, input } = options;
  await authorizeConnectionScope({ actor, projectId });
  try {
    return await getDb().$transaction(async (tx) => {
      const current = await findConnectionInScope(tx, { connectionId, projectId });
      // A shared connection seen from a project: only an admin changes it.
      if (current.projectId !== projectId) await authorizeConnectionScope({ actor, projectId: current.projectId });
      await assertNameFree(tx, { projectId: current.projectId, name: input.name, exceptId: current.id });
      const change = input.apiKey;
      const key =
        change.action === 'replace'
          ? { apiKeyEncrypted: sealApiKey(change.key), apiKeyHint: apiKeyHint(change.key) }
          : change.action === 'clear'
            ? { apiKeyEncrypted: null, apiKeyHint: null }
            : {};
      const row = await tx.modelConnection.update({
        where: { id: current.id },
        data: {
          name: input.name,
          baseUrl: input.baseUrl,
          model: input.model,
          params: input.params,
          maxConcurrency: input.maxConcurrency,
          requestsPerMinute: input.requestsPerMinute,
          timeoutMs: input.timeoutMs,
          ...key,
        },
        select: SUMMARY_SELECT,
      });
      const keyOutcome =
        change.action === 'replace'
          ? 'replaced'
          : change.action === 'clear'
            ? current.apiKeyEncrypted === null
              ? 'none'
              : 'removed'
            : current.apiKeyEncrypted === null
              ? 'none'
              : 'kept';
      await recordAuditEvent(tx, {
        actorId: actor.id,
        action: 'model_connection.update',
        projectId: current.projectId,
        targetType: 'model_connection',
        targetId: current.id,
        data: { ...auditedSettings(input), shared: current.projectId === null, apiKey: keyOutcome, apiKeyHint: row.apiKeyHint },
      });
      return toSummary(row);
    });
  } catch (error) {
    if (isNameConflict(error)) throw nameTaken(input.name);
    throw error;
  }
}
