import 'server-only';
import { getDb } from '@/lib/db';
import type { MyWorkStats } from '@/lib/judgments/find-my-work-stats';

export type MyWorkProjectStats = MyWorkStats & { projectId: string; name: string; archived: boolean };

const DAY_MS = 86_400_000;

/**
 * findMyWorkStats for each project the user is a member of, in one query, by project name.
 * Work in projects the user has since left counts only in the overall numbers.
 */
export async function findMyWorkByProject(options: { userId: string; now?: Date }): Promise<MyWorkProjectStats[]> {
  const { userId, now = new Date() } = options;
  const dayStart = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const dayEnd = new Date(dayStart.getTime() + DAY_MS);
  // Each lateral aggregate yields exactly one row, zeros included, per project.
  const rows = await getDb().$queryRaw<
    { projectId: string; name: string; archived: boolean; today: number; total: number; median: number | null; skipped: number }[]
  >`
    SELECT p.id AS "projectId", p.name, p."archivedAt" IS NOT NULL AS archived, j.today, j.total, j.median, s.skipped
    FROM memberships m
    JOIN projects p ON p.id = m."projectId"
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE j."createdAt" >= ${dayStart} AND j."createdAt" < ${dayEnd})::int AS today,
             count(*)::int AS total,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY j."durationMs") AS median
      FROM judgments j JOIN items i ON i.id = j."itemId"
      WHERE j."userId" = ${userId}::uuid AND j.source = 'LABELED' AND i."projectId" = p.id
    ) j
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS skipped FROM assignments a
      WHERE a."userId" = ${userId}::uuid AND a.status = 'SKIPPED' AND a."projectId" = p.id
    ) s
    WHERE m."userId" = ${userId}::uuid
    ORDER BY p.name, p.id`;
  return rows.map(({ median, ...row }) => ({ ...row, medianDurationMs: median }));
}
