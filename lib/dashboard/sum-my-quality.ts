import type { Share } from '@/lib/dashboard/types';
import { getPgPool } from '@/lib/db';

export type MyQualityTotals = {
  loo: { agree: number; compared: number; judgments: number };
  gold: { agree: number; compared: number; judgments: number };
};

export const shareOf = (hits: number, compared: number): Share => ({ hits, compared, rate: compared > 0 ? hits / compared : Number.NaN });

/**
 * Exact sums of one labeler's judgment_stats in a project (their own rows only): strict pairs
 * against the other labelers' consensus and against gold or adjudicated rankings, and how many
 * judgments had any. With `before`, only judgments submitted before that instant. The caller
 * refreshes stale statistics first. Labelers never see these directly: getMyQuality shows them
 * with a delay and in batches.
 */
export async function sumMyQuality(options: { userId: string; projectId: string; before?: Date }): Promise<MyQualityTotals> {
  const { rows } = await getPgPool().query<{ la: number; lc: number; lj: number; ga: number; gc: number; gj: number }>(
    `SELECT coalesce(sum("looAgree"), 0)::int AS la, coalesce(sum("looCompared"), 0)::int AS lc, count(*) FILTER (WHERE "looCompared" > 0)::int AS lj,
            coalesce(sum("goldAgree"), 0)::int AS ga, coalesce(sum("goldCompared"), 0)::int AS gc, count(*) FILTER (WHERE "goldCompared" > 0)::int AS gj
     FROM judgment_stats WHERE "projectId" = $1 AND "userId" = $2 AND ($3::timestamptz IS NULL OR "createdAt" < $3::timestamptz AT TIME ZONE 'UTC')`,
    [options.projectId, options.userId, options.before?.toISOString() ?? null],
  );
  const r = rows[0] ?? { la: 0, lc: 0, lj: 0, ga: 0, gc: 0, gj: 0 };
  return { loo: { agree: r.la, compared: r.lc, judgments: r.lj }, gold: { agree: r.ga, compared: r.gc, judgments: r.gj } };
}
