import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { getDb } from '@/lib/db';

export type MyWorkStats = {
  /** Judgments made on the UTC day of `now`. */
  today: number;
  total: number;
  /** Median time spent per judgment; null before the first one. */
  medianDurationMs: number | null;
  /** Assignments the labeler skipped. */
  skipped: number;
};

type Options = {
  userId: string;
  /** Narrows to one project; all of the labeler's projects otherwise. */
  projectId?: string;
  /** The moment whose UTC day counts as today; injected by tests. */
  now?: Date;
};

const DAY_MS = 86_400_000;

/**
 * A labeler's own work for their stats page (PRODUCT §8): judgments made here (imported labels
 * excluded) today and in total, their median duration, and skipped assignments.
 */
export async function findMyWorkStats({ userId, projectId, now = new Date() }: Options): Promise<MyWorkStats> {
  const dayStart = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const dayEnd = new Date(dayStart.getTime() + DAY_MS);
  const inProject = projectId === undefined ? Prisma.empty : Prisma.sql`AND i."projectId" = ${projectId}::uuid`;
  const assignmentInProject = projectId === undefined ? Prisma.empty : Prisma.sql`AND a."projectId" = ${projectId}::uuid`;

  const db = getDb();
  const [judgments, assignments] = await Promise.all([
    // Prisma sends a Date as UTC wall-clock time, as it stores createdAt, so no session time zone is involved.
    db.$queryRaw<{ today: number; total: number; median: number | null }[]>`
      SELECT count(*) FILTER (WHERE j."createdAt" >= ${dayStart} AND j."createdAt" < ${dayEnd})::int AS today,
             count(*)::int AS total,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY j."durationMs") AS median
      FROM judgments j JOIN items i ON i.id = j."itemId"
      WHERE j."userId" = ${userId}::uuid AND j.source = 'LABELED' ${inProject}`,
    db.$queryRaw<{ skipped: number }[]>`
      SELECT count(*)::int AS skipped FROM assignments a
      WHERE a."userId" = ${userId}::uuid AND a.status = 'SKIPPED' ${assignmentInProject}`,
  ]);
  const row = judgments[0];
  return {
    today: row?.today ?? 0,
    total: row?.total ?? 0,
    medianDurationMs: row?.median ?? null,
    skipped: assignments[0]?.skipped ?? 0,
  };
}
