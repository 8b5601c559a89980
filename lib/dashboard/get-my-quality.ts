import { refreshProjectStats } from '@/lib/dashboard/refresh-project-stats';
import type { MyQuality, Share } from '@/lib/dashboard/types';
import { getPgPool } from '@/lib/db';

const share = (hits: number, compared: number): Share => ({ hits, compared, rate: compared > 0 ? hits / compared : Number.NaN });

/**
 * The labeler's own quality for My work (PRODUCT §8): agreement of their strict pairs with the
 * consensus of the other labelers on the same items, and accuracy on gold and adjudicated
 * items (null before any). Only their own rows are read; nothing about anyone else is returned.
 */
export async function getMyQuality(options: { userId: string; projectId: string }): Promise<MyQuality> {
  const { userId, projectId } = options;
  await refreshProjectStats({ projectId });
  const { rows } = await getPgPool().query<{ looAgree: number; looCompared: number; goldAgree: number; goldCompared: number }>(
    `SELECT coalesce(sum("looAgree"), 0)::int AS "looAgree", coalesce(sum("looCompared"), 0)::int AS "looCompared",
            coalesce(sum("goldAgree"), 0)::int AS "goldAgree", coalesce(sum("goldCompared"), 0)::int AS "goldCompared"
     FROM judgment_stats WHERE "projectId" = $1 AND "userId" = $2`,
    [projectId, userId],
  );
  const r = rows[0] ?? { looAgree: 0, looCompared: 0, goldAgree: 0, goldCompared: 0 };
  return { looAgreement: share(r.looAgree, r.looCompared), goldAccuracy: r.goldCompared > 0 ? share(r.goldAgree, r.goldCompared) : null };
}
