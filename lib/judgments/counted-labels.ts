import type { Kysely } from 'kysely';
import type { DB } from '@/generated/kysely/types';
import type { Prisma } from '@/generated/prisma/client';

/**
 * "Counted labels" (issue 18), defined once: a label (a judgment, its Likert scores, flags and
 * flaw notes, a detect trial) counts unless a lead excluded its labeler from the project
 * (memberships.excluded). Every rule and figure that reads labels goes through this: perturb
 * source selection and the item page's mean Likert (meanLikertSql), the dashboard's precomputed
 * statistics (judgment_stats.counted: agreement, gold accuracy, models, the disagreement queue,
 * pool breakdowns and labeler alarms), the abuse alarms' reference agreement, the
 * critique-experiment analysis and the exports. Items a lead marked invalid are a separate rule
 * (item_stats.invalid). An excluded labeler's labels stay stored and shown as excluded to the
 * lead, so including them again is one click.
 *
 * `user` and `project` are SQL expressions (a column such as j."userId", or a $n parameter).
 */
export function countedLabelSql(options: { user: string; project: string }): string {
  return `NOT EXISTS (SELECT 1 FROM memberships counted_m WHERE counted_m."projectId" = ${options.project} AND counted_m."userId" = ${options.user} AND counted_m.excluded)`;
}

/** The same rule for Prisma queries of judgments (a judgment's project is its item's). */
export function countedJudgmentWhere(projectId: string): Prisma.JudgmentWhereInput {
  return { user: { memberships: { none: { projectId, excluded: true } } } };
}

/**
 * Mean Likert score of a response over counted labels, float8 or NULL when no counted label
 * scored it. `response` is the response id expression, `project` its project's.
 */
export function meanLikertSql(options: { response: string; project: string }): string {
  return `(SELECT avg(ml_rr.likert)::float8 FROM response_ratings ml_rr JOIN judgments ml_j ON ml_j.id = ml_rr."judgmentId"
           WHERE ml_rr."responseId" = ${options.response} AND ${countedLabelSql({ user: 'ml_j."userId"', project: options.project })})`;
}

/**
 * The labelers whose labels do not count in a project, for queries that filter by a list (the
 * export reads it once inside its REPEATABLE READ snapshot, so every batch uses the same list).
 */
export async function findExcludedLabelers(db: Kysely<DB>, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('userId')
    .where('projectId', '=', projectId)
    .where('excluded', '=', true)
    .execute();
  return rows.map((r) => r.userId);
}
