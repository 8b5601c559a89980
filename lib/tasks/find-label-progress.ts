import { getPgPool } from '@/lib/db';
import type { LabelProgress } from '@/lib/tasks/task-view';

const DAY_MS = 86_400_000;

/**
 * The ranking screen's progress bar: the labeler's judgments in the project today (UTC) and in
 * total, and how many of the project's items have all their ranking slots submitted.
 */
export async function findLabelProgress(options: { projectId: string; userId: string; now?: Date }): Promise<LabelProgress> {
  const now = options.now ?? new Date();
  const dayStart = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const pool = getPgPool();
  const [mine, project] = await Promise.all([
    pool.query<{ today: number; total: number }>(
      `SELECT count(*) FILTER (WHERE "submittedAt" >= $3)::int AS today, count(*)::int AS total
       FROM assignments WHERE "projectId" = $1 AND "userId" = $2 AND kind = 'RANK' AND status = 'SUBMITTED'`,
      [options.projectId, options.userId, dayStart],
    ),
    pool.query<{ complete: number; total: number }>(
      `SELECT count(*) FILTER (WHERE s.taken >= p.overlap AND NOT EXISTS (
                SELECT 1 FROM assignments a WHERE a."itemId" = s."itemId" AND a.kind = 'RANK' AND a.status = 'ACTIVE'))::int AS complete,
              count(*)::int AS total
       FROM item_slots s JOIN projects p ON p.id = s."projectId" WHERE s."projectId" = $1`,
      [options.projectId],
    ),
  ]);
  return {
    doneToday: mine.rows[0]?.today ?? 0,
    doneTotal: mine.rows[0]?.total ?? 0,
    itemsComplete: project.rows[0]?.complete ?? 0,
    itemsTotal: project.rows[0]?.total ?? 0,
  };
}
