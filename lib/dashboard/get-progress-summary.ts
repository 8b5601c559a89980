import type { ProgressSummary } from '@/lib/dashboard/types';
import { getPgPool } from '@/lib/db';
import { hasItemRequirementSql, meetsRequirementSql } from '@/lib/pool/routing-sql';

const DAY_MS = 86_400_000;
const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Labeling progress (PRODUCT §5) straight from assignments, which are always current: items
 * complete (every ranking slot submitted), in progress and untouched; labeled judgments per UTC
 * day over the last 30 days; throughput over the last 7 days and the ETA of the rest.
 *
 * The ETA counts only labels that can still be given (issue 18): per item, at most as many as
 * there are labelers who could still take it — active, unpaused labeler members allowed to rank,
 * meeting the item's and the project's routing requirement (lib/pool/routing-sql.ts), who have not
 * submitted or skipped it. The rest (on items the pool page lists as starving) is reported apart.
 */
export async function getProgressSummary(options: { projectId: string; now?: Date }): Promise<ProgressSummary> {
  const { projectId, now = new Date() } = options;
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const since = today - 29 * DAY_MS;
  const pool = getPgPool();
  const [items, days] = await Promise.all([
    pool.query<{ total: number; complete: number; inProgress: number; needed: number; givable: number; starving: number }>(
      `WITH submitted AS (
         SELECT "itemId", count(*)::int AS n FROM assignments
         WHERE "projectId" = $1 AND kind = 'RANK' AND status = 'SUBMITTED' GROUP BY "itemId"),
       eligible AS (
         SELECT m."userId" FROM memberships m JOIN users u ON u.id = m."userId"
         WHERE m."projectId" = $1 AND NOT m.paused AND u.active AND u.role = 'LABELER'
           AND (cardinality(m."allowedKinds") = 0 OR 'RANK' = ANY(m."allowedKinds"))
           AND NOT EXISTS (SELECT 1 FROM project_pool_settings pool_ps WHERE pool_ps."projectId" = $1 AND NOT ${meetsRequirementSql('pool_ps', 'm."userId"')})),
       done AS (
         SELECT a."itemId", count(*)::int AS n FROM assignments a
         WHERE a."projectId" = $1 AND a.kind = 'RANK' AND a.status IN ('SUBMITTED', 'SKIPPED') AND a."userId" IN (SELECT "userId" FROM eligible)
         GROUP BY a."itemId"),
       eligible_count AS (SELECT count(*)::int AS n FROM eligible),
       per_item AS (
         SELECT coalesce(s.n, 0) AS submitted, p.overlap, i."rankSlotsTaken",
                greatest(p.overlap - coalesce(s.n, 0), 0) AS remaining,
                CASE WHEN ${hasItemRequirementSql('i')}
                     THEN (SELECT count(*)::int FROM eligible e WHERE ${meetsRequirementSql('i', 'e."userId"')}
                             AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = i.id AND a."userId" = e."userId" AND a.kind = 'RANK' AND a.status IN ('SUBMITTED', 'SKIPPED')))
                     ELSE ec.n - coalesce(d.n, 0) END AS able
         FROM items i JOIN projects p ON p.id = i."projectId" CROSS JOIN eligible_count ec
         LEFT JOIN submitted s ON s."itemId" = i.id LEFT JOIN done d ON d."itemId" = i.id
         WHERE i."projectId" = $1)
       SELECT count(*)::int AS total,
              count(*) FILTER (WHERE submitted >= overlap)::int AS complete,
              count(*) FILTER (WHERE submitted < overlap AND ("rankSlotsTaken" > 0 OR submitted > 0))::int AS "inProgress",
              coalesce(sum(remaining), 0)::int AS needed,
              coalesce(sum(least(remaining, greatest(able, 0))), 0)::int AS givable,
              count(*) FILTER (WHERE greatest(able, 0) < remaining)::int AS starving
       FROM per_item`,
      [projectId],
    ),
    // Timestamps are stored as UTC wall-clock time (see lib/judgments/find-my-work-stats.ts).
    pool.query<{ day: string; labels: number }>(
      `SELECT to_char("submittedAt", 'YYYY-MM-DD') AS day, count(*)::int AS labels FROM assignments
       WHERE "projectId" = $1 AND status = 'SUBMITTED' AND "submittedAt" >= $2::timestamp
       GROUP BY 1`,
      [projectId, dayString(since)],
    ),
  ]);
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
  };
}
