import type { TRole } from '@/lib/auth/schemas';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { removeSnapshotObjects } from '@/lib/export/remove-snapshot-objects';

/**
 * Deletes a snapshot and its bytes (chunks cascade; an object is queued by the row's delete trigger
 * and removed right after the commit, or by the next sweep if the store is unreachable); a build in
 * progress stops at its next step.
 * Its creator, a lead or an admin may delete it; another researcher may not (403).
 */
export async function deleteExportSnapshot(options: {
  actor: { id: string; role: TRole };
  projectId: string;
  snapshotId: string;
}): Promise<void> {
  const { actor } = options;
  const objectKey = await getDb().$transaction(async (tx) => {
    const snapshot = await tx.exportSnapshot.findFirst({
      where: { id: options.snapshotId, projectId: options.projectId },
      select: { id: true, format: true, status: true, sha256: true, rowCount: true, createdById: true, objectKey: true },
    });
    if (!snapshot) throw new AppError('NOT_FOUND', 'No such snapshot');
    if (actor.role === 'RESEARCHER' && snapshot.createdById !== actor.id)
      throw new AppError('FORBIDDEN', 'Only its creator or a lead may delete this snapshot');
    await tx.exportSnapshot.delete({ where: { id: snapshot.id } });
    await recordAuditEvent(tx, {
      actorId: actor.id,
      action: 'export.snapshot.delete',
      projectId: options.projectId,
      targetType: 'export_snapshot',
      targetId: snapshot.id,
      data: { format: snapshot.format, status: snapshot.status, sha256: snapshot.sha256, rows: snapshot.rowCount },
    });
    return snapshot.objectKey;
  });
  if (objectKey) await removeSnapshotObjects({ keys: [objectKey] });
}
