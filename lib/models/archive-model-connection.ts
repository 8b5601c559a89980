import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { authorizeConnectionScope, type ConnectionActor } from '@/lib/models/authorize-connection-scope';
import { findConnectionInScope } from '@/lib/models/connection-row';

/**
 * Archives a connection (soft delete): it leaves every list and getChatTarget refuses it, but the row
 * stays, so text generated through it keeps naming its connection, model and base URL. Its sealed
 * key is erased (nothing can send with it any more); the hint stays for the record.
 */
export async function archiveModelConnection(options: {
  actor: ConnectionActor;
  projectId: string | null;
  connectionId: string;
}): Promise<{ id: string; name: string }> {
  const { actor, projectId, connectionId } = options;
  await authorizeConnectionScope({ actor, projectId });
  return getDb().$transaction(async (tx) => {
    const current = await findConnectionInScope(tx, { connectionId, projectId });
    if (current.projectId !== projectId) await authorizeConnectionScope({ actor, projectId: current.projectId });
    // The guard against a concurrent archive: only a live row changes.
    const { count } = await tx.modelConnection.updateMany({
      where: { id: current.id, archivedAt: null },
      data: { archivedAt: new Date(), apiKeyEncrypted: null },
    });
    if (count === 1) {
      await recordAuditEvent(tx, {
        actorId: actor.id,
        action: 'model_connection.archive',
        projectId: current.projectId,
        targetType: 'model_connection',
        targetId: current.id,
        data: { name: current.name, baseUrl: current.baseUrl, model: current.model, shared: current.projectId === null },
      });
    }
    return { id: current.id, name: current.name };
  });
}
