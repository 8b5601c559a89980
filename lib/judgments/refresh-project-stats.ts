import { getPgPool, typed, withTransaction } from '@/lib/db';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { OUT_OF_DATE_ITEMS_SQL } from '@/lib/judgments/out-of-date-stats';
import { recomputeStats } from '@/lib/judgments/recompute-stats';
import { statsRefreshJob } from '@/lib/judgments/stats-refresh-job';

/**
 * Keeps the project's precomputed numbers coming up to date, off the request path: when anything
 * is out of date (lib/judgments/out-of-date-stats.ts), queues the project's background recompute
 * (statsRefreshJob; a job already waiting absorbs it) and returns at once: 1 then, 0 when all is
 * current (two index lookups). The dashboard shows what is still out of date (getStatsFreshness).
 * With `all`, recomputes every judged item here and now (backfill: benchmarks, tests) and returns
 * how many.
 */
/**
 * Queues the project's background refresh whether or not items are out of date: a dashboard view
 * whose cached intervals are behind the data asks for it (the job ends by recomputing them).
 */
export async function queueStatsRefresh(options: { projectId: string }): Promise<void> {
  await enqueueJob(statsRefreshJob, { projectId: options.projectId }, { singletonKey: options.projectId });
}

export async function refreshProjectStats(options: { projectId: string; all?: boolean; batchSize?: number }): Promise<number> {
  const { projectId, all = false, batchSize = 500 } = options;
  if (!all) {
    const { rows } = await getPgPool().query(`${OUT_OF_DATE_ITEMS_SQL} LIMIT 1`, [projectId, 1]);
    if (rows.length === 0) return 0;
    await enqueueJob(statsRefreshJob, { projectId }, { singletonKey: projectId });
    return 1;
  }
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await withTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(7, hashtext($1))', [projectId]);
      const rows = await typed(client)
        .selectFrom('item_stats')
        .select('itemId')
        .where('projectId', '=', projectId)
        .where('itemId', '>', after)
        .orderBy('itemId')
        .limit(batchSize)
        .execute();
      const ids = rows.map((r) => r.itemId);
      await recomputeStats(client, ids);
      return ids;
    });
    if (batch.length === 0) return done;
    done += batch.length;
    after = batch.reduce((max, id) => (id > max ? id : max), after);
  }
}
