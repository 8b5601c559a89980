import type { ProgressSummary } from '@/lib/dashboard/types';
import { foldProgress, INLINE_FOLD_LIMIT, type FoldResult } from '@/lib/pool/fold-progress';
import { getPgPool, getReadPool, withTransaction } from '@/lib/db';
import type { TxClient } from '@/lib/db';
import { queueStatsRefresh } from '@/lib/judgments/refresh-project-stats';

export { INLINE_FOLD_LIMIT };

const DAY_MS = 86_400_000;
const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Labeling progress (PRODUCT §5), live: items complete (every ranking slot submitted), in progress
 * and untouched; labeled judgments per UTC day over the last 30 days; throughput over the last 7
 * days and the ETA of the rest.
 *
 * The ETA counts only labels that can still be given (issue 18): per item, at most as many as
 * there are labelers who could still take it — active, unpaused labeler members allowed to rank,
 * meeting the item's and the project's routing requirement (lib/pool/routing-sql.ts), who have not
 * submitted or skipped it. The rest (on items the pool page lists as starving) is reported apart.
 *
 * Issue 23: the rollups are first brought up to date with what changed since the last view
 * (lib/pool/fold-progress.ts), in the same transaction as the read, so the figures are those
 * of this moment, equal to the from-scratch definition (lib/dashboard/from-scratch.ts), at a cost
 * that grows with the items changed since the last view rather than with the project. Past
 * `inlineFoldLimit` rows of work the view folds nothing: it queues the background fold and answers
 * at once with the last folded figures, `freshness.behind` (none yet: `asOf` null, all zeros).
 */
export async function getProgressSummary(options: { projectId: string; now?: Date; inlineFoldLimit?: number }): Promise<ProgressSummary> {
  const { projectId, now = new Date(), inlineFoldLimit = INLINE_FOLD_LIMIT } = options;
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const since = today - 29 * DAY_MS;
  const read = async (client: TxClient) => {
    const items = await client.query<{
      total: number;
      complete: number;
      inProgress: number;
      needed: number;
      givable: number;
      starving: number;
    }>(
      `WITH b AS (
         SELECT b.items, b.submitted, b.touched, greatest(p.overlap - b.submitted, 0) AS remaining,
                greatest(coalesce(cardinality(c.users), 0) - b.done, 0) AS able, p.overlap
         FROM progress_buckets b JOIN projects p ON p.id = b."projectId"
         LEFT JOIN progress_classes c ON c."projectId" = b."projectId" AND c.key = b."reqClass"
         WHERE b."projectId" = $1)
       SELECT coalesce(sum(items), 0)::int AS total,
              coalesce(sum(items) FILTER (WHERE submitted >= overlap), 0)::int AS complete,
              coalesce(sum(items) FILTER (WHERE submitted < overlap AND touched), 0)::int AS "inProgress",
              coalesce(sum(items * remaining), 0)::int AS needed,
              coalesce(sum(items * least(remaining, able)), 0)::int AS givable,
              coalesce(sum(items) FILTER (WHERE able < remaining), 0)::int AS starving
       FROM b`,
      [projectId],
    );
    const days = await client.query<{ day: string; labels: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, labels FROM progress_days WHERE "projectId" = $1 AND day >= $2::date`,
      [projectId, dayString(since)],
    );
    return { items, days };
  };
  // Issue 29: with a replica, the fold (a write) is done on the primary and the figures read from the
  // replica, as it has them (lag shown on the dashboard); without one, both in one transaction as before.
  const pool = await getReadPool();
  let fold: FoldResult | undefined;
  const foldAndRead = async (client: TxClient) => {
    fold = await foldProgress(client, projectId, { limit: inlineFoldLimit });
    return read(client);
  };
  const { items, days } =
    pool === getPgPool()
      ? await withTransaction(foldAndRead)
      : await withTransaction(async (client) => {
          fold = await foldProgress(client, projectId, { limit: inlineFoldLimit });
        }).then(() => withTransaction(read, { pool, readOnly: true }));
  const deferred = fold?.deferred === true;
  if (deferred) await queueStatsRefresh({ projectId });
  const row = items.rows[0] ?? { total: 0, complete: 0, inProgress: 0, needed: 0, givable: 0, starving: 0 };
  const perDay = new Map(days.rows.map((d) => [d.day, d.labels]));
  const labelsPerDay = Array.from({ length: 30 }, (_, k) => {
    const day = dayString(since + k * DAY_MS);
    return { day, labels: perDay.get(day) ?? 0 };
  });
  const throughputPerDay = labelsPerDay.slice(-7).reduce((n, d) => n + d.labels, 0) / 7;
  return {
    itemsTotal: row.total,
    itemsComplete: row.complete,
    itemsInProgress: row.inProgress,
    itemsUntouched: row.total - row.complete - row.inProgress,
    labelsPerDay,
    throughputPerDay,
    etaDays: throughputPerDay > 0 ? row.givable / throughputPerDay : null,
    judgmentsNeeded: row.needed,
    judgmentsGivable: row.givable,
    itemsStarving: row.starving,
    freshness: deferred ? { asOf: fold?.foldedAt ?? null, behind: true } : { asOf: now, behind: false },
  };
}
