import { getDb, getPgPool } from '@/lib/db';
import { findJobState, type JobState } from '@/lib/jobs/find-job-state';
import { OUT_OF_DATE_ITEMS_SQL } from '@/lib/judgments/out-of-date-stats';
import { statsRefreshJob } from '@/lib/judgments/stats-refresh-job';

export type StatsFreshness = {
  /** Items whose stored numbers are not current (the union of the two kinds below, each item once). */
  outOfDate: number;
  /** Items imported or edited (judgments, gold, adjudication changed outside a submit) not yet recomputed. */
  staleItems: number;
  /** Labelers whose exclusion (excluded: true) or inclusion (false) is not yet applied to every item they judged. */
  labelers: { userId: string; name: string; excluded: boolean; items: number }[];
  /** The project's background recompute in pg-boss: waiting and/or running, since when. */
  job: JobState;
  /** The current round of recompute (null when the last one finished): done so far, of done + still out of date. */
  progress: { done: number; total: number; startedAt: Date } | null;
};

const ALL = 2_147_483_647;

/**
 * How current the project's stored numbers are, for the dashboard's banner (issue 23): what is
 * still out of date and why (which labelers' exclusion changes, how many imported or edited items),
 * whether the recompute is queued or running and since when, and its progress. Counts read the
 * same indexes as the recompute's own selection; their cost grows with what is out of date, not
 * with the project.
 */
export async function getStatsFreshness(options: { projectId: string }): Promise<StatsFreshness> {
  const { projectId } = options;
  const pool = getPgPool();
  const [outOfDate, stale, labelers, job, round] = await Promise.all([
    pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${OUT_OF_DATE_ITEMS_SQL}) x`, [projectId, ALL]),
    pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM item_stats WHERE "projectId" = $1 AND stale`, [projectId]),
    pool.query<{ userId: string; name: string; excluded: boolean; items: number }>(
      `SELECT m."userId", u.name, m.excluded, c.items FROM memberships m JOIN users u ON u.id = m."userId"
       CROSS JOIN LATERAL (SELECT count(*)::int AS items FROM judgment_stats js
         WHERE js."projectId" = m."projectId" AND js."userId" = m."userId" AND js."userExcluded" = NOT m.excluded) c
       WHERE m."projectId" = $1 AND c.items > 0 ORDER BY u.name, m."userId"`,
      [projectId],
    ),
    findJobState({ name: statsRefreshJob.name, singletonKey: projectId }),
    getDb().statsRefresh.findUnique({ where: { projectId }, select: { done: true, startedAt: true, finishedAt: true } }),
  ]);
  const left = outOfDate.rows[0]!.n;
  return {
    outOfDate: left,
    staleItems: stale.rows[0]!.n,
    labelers: labelers.rows,
    job,
    progress: round && !round.finishedAt ? { done: round.done, total: round.done + left, startedAt: round.startedAt } : null,
  };
}
