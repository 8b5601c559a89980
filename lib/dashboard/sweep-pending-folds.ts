import { foldRollups, vacuumLog } from '@/lib/dashboard/fold-rollups';
import { getPgPool, withTransaction } from '@/lib/db';
import { log } from '@/lib/log';
import { foldProgress } from '@/lib/pool/fold-progress';

/** Pending rows of one kind from which a project's log is folded without waiting for a view. */
export const SWEEP_THRESHOLD = 10_000;

/**
 * Folds the change logs of projects nobody looks at (issue 23): the stats deltas
 * (dashboard_rollup_deltas) and the progress changes (progress_changes) are folded by dashboard
 * views, so a project with labelers but no lead watching would keep appending to them. Every few
 * minutes (instrumentation.ts) any instance folds the projects with at least `threshold` pending
 * rows of either kind, one project at a time, under the folds' own per-project locks (two
 * instances sweeping at once fold each row once). A project's first progress fold builds its
 * rollups, as its first view would. Counting stops at the threshold, so a sweep reads at most
 * `threshold` index entries per project with pending rows. Never throws (logs instead); returns
 * the projects folded.
 */
export async function sweepPendingFolds(options: { threshold?: number } = {}): Promise<string[]> {
  const threshold = options.threshold ?? SWEEP_THRESHOLD;
  try {
    const { rows } = await getPgPool().query<{ projectId: string; deltas: boolean; changes: boolean }>(
      `SELECT p.id AS "projectId",
              (SELECT count(*) FROM (SELECT 1 FROM dashboard_rollup_deltas d WHERE d."projectId" = p.id LIMIT $1) x) >= $1 AS deltas,
              (SELECT count(*) FROM (SELECT 1 FROM progress_changes c WHERE c."projectId" = p.id LIMIT $1) x) >= $1 AS changes
       FROM projects p
       WHERE EXISTS (SELECT 1 FROM dashboard_rollup_deltas d WHERE d."projectId" = p.id)
          OR EXISTS (SELECT 1 FROM progress_changes c WHERE c."projectId" = p.id)`,
      [threshold],
    );
    const folded: string[] = [];
    for (const r of rows) {
      if (!r.deltas && !r.changes) continue;
      if (r.deltas) await foldRollups({ projectId: r.projectId });
      if (r.changes) {
        await withTransaction((client) => foldProgress(client, r.projectId));
        await vacuumLog('progress_changes'); // at least `threshold` rows gone (the deltas' fold vacuums its own)
      }
      folded.push(r.projectId);
    }
    return folded;
  } catch (error) {
    log.error('fold sweep failed', { error });
    return [];
  }
}
