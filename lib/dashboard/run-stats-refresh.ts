import { foldRollups, VACUUM_AFTER, vacuumLog } from '@/lib/dashboard/fold-rollups';
import { refreshCachedFigures } from '@/lib/dashboard/refresh-cached-figures';
import { refreshDashboardIntervals } from '@/lib/dashboard/refresh-dashboard-intervals';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { handleJob } from '@/lib/jobs/define-job';
import { recomputeOutOfDateStats } from '@/lib/judgments/recompute-out-of-date-stats';
import { statsRefreshJob } from '@/lib/judgments/stats-refresh-job';
import { withTransaction } from '@/lib/db';
import { foldProgress } from '@/lib/pool/fold-progress';

/** How long one job runs before it hands the rest to a follow-up job: well inside the queue's 5-minute expiry. */
const BUDGET_MS = 60_000;

/**
 * The background recompute of one project (a statsRefreshJob): recomputes what is out of date in
 * batches of 500, one transaction each (lib/judgments/recompute-out-of-date-stats.ts, resumable),
 * for at most a minute, then queues a follow-up for the rest, so no job nears its expiry and other
 * projects' jobs get their turn. When the numbers are current, the figures cached from them are
 * refreshed (the hook below).
 *
 * It first folds the project's change logs whole (progress, then the stats rollups): a view that
 * finds more pending than it folds inline queues this job and shows the last folded figures as
 * being recomputed meanwhile (lib/dashboard/get-progress-summary.ts, fold-rollups.ts). Each fold
 * is one transaction: a crash mid-fold leaves the log whole for the next run.
 */
export async function runStatsRefresh(options: { projectId: string; batchSize?: number; budgetMs?: number }): Promise<void> {
  const { projectId } = options;
  const progress = await withTransaction((client) => foldProgress(client, projectId));
  if (progress.rebuilt || progress.items >= VACUUM_AFTER) await vacuumLog('progress_changes');
  await foldRollups({ projectId });
  const { finished } = await recomputeOutOfDateStats({ projectId, batchSize: options.batchSize, budgetMs: options.budgetMs ?? BUDGET_MS });
  // The recompute's rollup deltas are folded here, a minute's worth at a time, so the next view has little to fold.
  await foldRollups({ projectId });
  if (!finished) {
    await enqueueJob(statsRefreshJob, { projectId }, { singletonKey: projectId });
    return;
  }
  await afterStatsRefreshed({ projectId });
}

/**
 * Runs once a project's stored numbers are current again: the dashboard's cached bootstrap
 * intervals are recomputed from them (cheap when their inputs did not change: a hash), then the
 * figures cached whole that views asked for, abuse alarms and group breakdowns (cheap when their
 * state key did not change: a few index reads).
 */
async function afterStatsRefreshed(options: { projectId: string }): Promise<void> {
  await refreshDashboardIntervals(options);
  await refreshCachedFigures(options);
}

/** What workers run for statsRefreshJob (app-jobs.ts). */
export const statsRefreshHandler = handleJob(statsRefreshJob, (data) => runStatsRefresh(data));
