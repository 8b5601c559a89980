import { APP_VERSION } from '@/lib/app-version';
import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { EXPORT_SCHEMA_VERSION } from '@/lib/export/build-manifest';
import { toExportSettings, type TExportRequest } from '@/lib/export/schemas';

/** Bytes per stored chunk (the last one may be shorter). */
export const SNAPSHOT_CHUNK_BYTES = 1 << 18;

/**
 * Starts a snapshot: stores it as BUILDING with its audit row (an item a format cannot hold is
 * left out and counted by the build, never a reason to refuse). buildExportSnapshot writes it;
 * progress lives in the row.
 */
export async function createExportSnapshot(options: {
  projectId: string;
  actorId: string | null;
  request: TExportRequest;
  /** Bytes per stored chunk; tests pass a small one to cross chunk boundaries. */
  chunkSize?: number;
}): Promise<{ id: string }> {
  const settings = toExportSettings(options.request);
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO export_snapshots ("projectId", format, options, "schemaVersion", "chunkSize", "appVersion", "createdById", "createdAt", "heartbeatAt")
       SELECT p.id, $2, $3, $4, $5, $6, $7, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' FROM projects p WHERE p.id = $1
       RETURNING id`,
      [
        options.projectId,
        settings.format,
        JSON.stringify(settings.record),
        EXPORT_SCHEMA_VERSION,
        options.chunkSize ?? SNAPSHOT_CHUNK_BYTES,
        APP_VERSION,
        options.actorId,
      ],
    );
    const snapshot = rows[0];
    if (!snapshot) throw new AppError('NOT_FOUND', 'No such project');
    await insertAuditEvent(client, {
      actorId: options.actorId,
      action: 'export.snapshot.create',
      projectId: options.projectId,
      targetType: 'export_snapshot',
      targetId: snapshot.id,
      data: { format: settings.format, options: settings.record },
    });
    return snapshot;
  });
}
