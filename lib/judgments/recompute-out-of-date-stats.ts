import { getPgPool, withTransaction } from '@/lib/db';
import { recomputeStats } from '@/lib/judgments/recompute-stats';
import { NOW_UTC, OUT_OF_DATE_ITEMS_SQL } from '@/lib/judgments/out-of-date-stats';

/** The per-project lock batches take, so parallel runs (two workers, a backfill) never recompute one item twice at once. */
const LOCK = 'SELECT pg_advisory_xact_lock(7, hashtext($1))';

/**
 * Recomputes the project's out-of-date items in batches (500 by default), one transaction each,
 * until none is left or `budgetMs` has passed. Resumable by construction: every batch picks what
 * is STILL out of date, so a run cut short (a crash, the budget) loses nothing and the next run
 * goes on from there; recomputing an item rewrites its rows from its judgments (idempotent), so
 * nothing is counted twice. Progress is kept in stats_refreshes: `done` grows in each batch's own
 * transaction, and the round is marked finished in the transaction that finds nothing left.
 * Returns the items recomputed by this call and whether the project is now up to date.
 */
export async function recomputeOutOfDateStats(options: {
  projectId: string;
  batchSize?: number;
  budgetMs?: number;
}): Promise<{ recomputed: number; finished: boolean }> {
  const { projectId, batchSize = 500, budgetMs = Infinity } = options;
  const started = Date.now();
  const { rows: pending } = await getPgPool().query(`${OUT_OF_DATE_ITEMS_SQL} LIMIT 1`, [projectId, 1]);
  if (pending.length > 0) {
    // A new round, or the one a cut-short run left open (then its startedAt and done carry on).
    await getPgPool().query(
      `INSERT INTO stats_refreshes ("projectId", "startedAt", "updatedAt", done, "finishedAt") VALUES ($1, ${NOW_UTC}, ${NOW_UTC}, 0, NULL)
       ON CONFLICT ("projectId") DO UPDATE SET "updatedAt" = EXCLUDED."updatedAt", "finishedAt" = NULL,
         "startedAt" = CASE WHEN stats_refreshes."finishedAt" IS NULL THEN stats_refreshes."startedAt" ELSE EXCLUDED."startedAt" END,
         done = CASE WHEN stats_refreshes."finishedAt" IS NULL THEN stats_refreshes.done ELSE 0 END`,
      [projectId],
    );
  }
  let recomputed = 0;
  const seen = new Set<string>();
  for (;;) {
    const batch = await withTransaction(async (client) => {
      await client.query(LOCK, [projectId]);
      const ids = (await client.query<{ itemId: string }>(OUT_OF_DATE_ITEMS_SQL, [projectId, batchSize])).rows.map((r) => r.itemId);
      if (ids.length === 0) {
        await client.query(
          `UPDATE stats_refreshes SET "finishedAt" = ${NOW_UTC}, "updatedAt" = ${NOW_UTC} WHERE "projectId" = $1 AND "finishedAt" IS NULL`,
          [projectId],
        );
        return ids;
      }
      await recomputeStats(client, ids);
      await client.query(`UPDATE stats_refreshes SET done = done + $2, "updatedAt" = ${NOW_UTC} WHERE "projectId" = $1`, [
        projectId,
        ids.length,
      ]);
      return ids;
    });
    if (batch.length === 0) return { recomputed, finished: true };
    recomputed += batch.length;
    // Items this call already did once are being changed as we go: leave them to the next run.
    if (batch.every((id) => seen.has(id))) return { recomputed, finished: false };
    batch.forEach((id) => seen.add(id));
    if (Date.now() - started >= budgetMs) return { recomputed, finished: false };
  }
}
