import { ROLLUP_INLINE_LIMIT } from '@/lib/dashboard/fold-rollups';
import { INLINE_FOLD_LIMIT } from '@/lib/dashboard/get-progress-summary';
import { getPgPool } from '@/lib/db';

/**
 * Whether the project's change logs hold more than a view folds inline (issue 23): pending
 * progress changes (or, never folded, items) past INLINE_FOLD_LIMIT, or stats rollup deltas past
 * ROLLUP_INLINE_LIMIT. Then the views show the figures of the last fold and the background fold
 * (the stats refresh job) is folding the rest: the dashboard's banner says so. Counting stops at
 * the limits, so this reads at most that many index entries.
 */
export async function findFoldBacklog(options: { projectId: string; progressLimit?: number; rollupLimit?: number }): Promise<boolean> {
  const { rows } = await getPgPool().query<{ backlog: boolean }>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM progress_changes WHERE "projectId" = $1 LIMIT $2) x) >= $2
         OR (NOT EXISTS (SELECT 1 FROM progress_states WHERE "projectId" = $1)
             AND (SELECT count(*) FROM (SELECT 1 FROM items WHERE "projectId" = $1 LIMIT $2) y) >= $2)
         OR (SELECT count(*) FROM (SELECT 1 FROM dashboard_rollup_deltas WHERE "projectId" = $1 LIMIT $3) z) >= $3 AS backlog`,
    [options.projectId, options.progressLimit ?? INLINE_FOLD_LIMIT, options.rollupLimit ?? ROLLUP_INLINE_LIMIT],
  );
  return rows[0]!.backlog;
}
