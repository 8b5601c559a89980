import { getPgPool } from '@/lib/db';
import type { ExportFormat } from '@/lib/export/types';
import type { HealthReport } from '@/lib/health/types';

export type SnapshotHealth = { snapshotId: string; format: ExportFormat; createdAt: Date; health: HealthReport };

/**
 * The dataset health of one of the project's ready snapshots (`snapshotId`), or of its newest one
 * that has it (pairs-type snapshots made since issue 28); null when there is none. Scoped by project.
 */
export async function findSnapshotHealth(options: { projectId: string; snapshotId?: string | null }): Promise<SnapshotHealth | null> {
  const { rows } = await getPgPool().query<SnapshotHealth>(
    `SELECT id AS "snapshotId", format, "createdAt" AT TIME ZONE 'UTC' AS "createdAt", manifest -> 'health' AS health
       FROM export_snapshots
      WHERE "projectId" = $1 AND status = 'READY' AND manifest ? 'health' AND ($2::uuid IS NULL OR id = $2::uuid)
      ORDER BY "createdAt" DESC, id DESC LIMIT 1`,
    [options.projectId, options.snapshotId ?? null],
  );
  return rows[0] ?? null;
}
