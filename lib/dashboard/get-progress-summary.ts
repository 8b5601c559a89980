import type { ProgressSummary } from '@/lib/dashboard/types';
import { getPgPool } from '@/lib/db';

const DAY_MS = 86_400_000;
const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Labeling progress (PRODUCT §5) straight from assignments, which are always current: items
 * complete (every ranking slot submitted), in progress and untouched; labeled judgments per UTC
 * day over the last 30 days; throughput over the last 7 days and the ETA of the rest.
 */
export async function getProgressSummary(options: { projectId: string; now?: Date }): Promise<ProgressSummary> {
  const { projectId, now = new Date() } = options;
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const since = today - 29 * DAY_MS;
  const pool = getPgPool();
  const [items, days] = await Promise.all([
    pool.query<{ total: number; complete: number; inProgress: number; needed: number }>(
      `WITH submitted AS (
         SELECT "itemId", count(*)::int AS n FROM assignments
         WHERE "projectId" = $1 AND kind = 'RANK' AND status = 'SUBMITTED' GROUP BY "itemId")
       SELECT count(*)::int AS total,
              count(*) FILTER (WHERE coalesce(s.n, 0) >= p.overlap)::int AS complete,
              count(*) FILTER (WHERE coalesce(s.n, 0) < p.overlap AND (i."rankSlotsTaken" > 0 OR s.n > 0))::int AS "inProgress",
              coalesce(sum(greatest(p.overlap - coalesce(s.n, 0), 0)), 0)::int AS needed
       FROM items i JOIN projects p ON p.id = i."projectId" LEFT JOIN submitted s ON s."itemId" = i.id
       WHERE i."projectId" = $1`,
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
  const row = items.rows[0] ?? { total: 0, complete: 0, inProgress: 0, needed: 0 };
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
    etaDays: throughputPerDay > 0 ? row.needed / throughputPerDay : null,
    judgmentsNeeded: row.needed,
  };
}
