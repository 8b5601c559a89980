import type { MyQualitySnapshot } from '@/generated/prisma/client';
import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { shareOf, sumMyQuality, type MyQualityTotals } from '@/lib/dashboard/sum-my-quality';
import type { MyQuality } from '@/lib/dashboard/types';
import { getDb } from '@/lib/db';
import { findStepGoldScores } from '@/lib/steps/find-step-gold-scores';

/** A figure moves only when at least this many new strict pairs… */
export const MY_QUALITY_MIN_NEW_PAIRS = 20;
/** …from at least this many new tasks came in since it last moved. */
export const MY_QUALITY_MIN_NEW_TASKS = 5;

const startOfUtcDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

type Figure = { asOf: Date | null; agree: number; compared: number; judgments: number };

/** The stored figure, or the new totals when a big enough batch arrived since it was taken. */
function advance(stored: Figure, current: MyQualityTotals['loo'], cutoff: Date): Figure {
  const batch =
    current.compared - stored.compared >= MY_QUALITY_MIN_NEW_PAIRS && current.judgments - stored.judgments >= MY_QUALITY_MIN_NEW_TASKS;
  return batch ? { asOf: cutoff, ...current } : stored;
}

const looOf = (s: MyQualitySnapshot | null): Figure => ({
  asOf: s?.looAsOf ?? null,
  agree: s?.looAgree ?? 0,
  compared: s?.looCompared ?? 0,
  judgments: s?.looJudgments ?? 0,
});
const goldOf = (s: MyQualitySnapshot | null): Figure => ({
  asOf: s?.goldAsOf ?? null,
  agree: s?.goldAgree ?? 0,
  compared: s?.goldCompared ?? 0,
  judgments: s?.goldJudgments ?? 0,
});

/**
 * The labeler's own quality for My work (PRODUCT §8), delayed so it is no oracle (issue 21): the
 * agreement of their strict pairs with the other labelers' consensus, and their accuracy on gold
 * and adjudicated items, over their judgments submitted before the current UTC day began. Each
 * figure is brought up to date at most once a day (the first read after midnight UTC), and only
 * when at least MY_QUALITY_MIN_NEW_PAIRS pairs from MY_QUALITY_MIN_NEW_TASKS tasks are new since
 * it last moved; otherwise the previous figure stays. So a submit followed by a reload never
 * changes what is shown, and each change mixes a batch of tasks. The snapshot is a row per
 * membership, so every app instance shows the same. Only their own rows are read.
 */
export async function getMyQuality(options: { userId: string; projectId: string; now?: Date }): Promise<MyQuality> {
  const { userId, projectId } = options;
  const cutoff = startOfUtcDay(options.now ?? new Date());
  const db = getDb();
  const membership = await db.membership.findUnique({
    where: { projectId_userId: { projectId, userId } },
    select: { id: true, myQuality: true },
  });
  let snapshot = membership?.myQuality ?? null;
  // The day's figure is taken only from current numbers: while a background recompute is pending
  // (refreshProjectStats queued it), the previous figure stays and a later read takes the day's.
  if (membership && (!snapshot || snapshot.checkedAt < cutoff) && (await refreshProjectStats({ projectId })) === 0) {
    const totals = await sumMyQuality({ userId, projectId, before: cutoff });
    const loo = advance(looOf(snapshot), totals.loo, cutoff);
    const gold = advance(goldOf(snapshot), totals.gold, cutoff);
    const row = {
      checkedAt: cutoff,
      looAsOf: loo.asOf,
      looAgree: loo.agree,
      looCompared: loo.compared,
      looJudgments: loo.judgments,
      goldAsOf: gold.asOf,
      goldAgree: gold.agree,
      goldCompared: gold.compared,
      goldJudgments: gold.judgments,
    };
    // Two readers at once compute the same row; the later day wins, an earlier one never overwrites it.
    if (!snapshot) await db.myQualitySnapshot.createMany({ data: [{ membershipId: membership.id, ...row }], skipDuplicates: true });
    else await db.myQualitySnapshot.updateMany({ where: { membershipId: membership.id, checkedAt: { lt: cutoff } }, data: row });
    snapshot = await db.myQualitySnapshot.findUnique({ where: { membershipId: membership.id } });
  }
  const loo = looOf(snapshot);
  const gold = goldOf(snapshot);
  // Step gold (issue 27): their step labellings made before the day began, on items that have step gold now; shown from
  // MY_QUALITY_MIN_NEW_TASKS such items, so it moves at most once a day and never names one item. Read on view, no snapshot.
  const stepGold = membership ? (await findStepGoldScores({ projectId, userId, before: cutoff })).get(userId) : undefined;
  return {
    stepGold:
      stepGold && stepGold.items >= MY_QUALITY_MIN_NEW_TASKS && stepGold.steps.compared > 0
        ? { ...shareOf(stepGold.steps.hits, stepGold.steps.compared), asOf: cutoff, items: stepGold.items }
        : null,
    looAgreement: loo.asOf && loo.compared > 0 ? { ...shareOf(loo.agree, loo.compared), asOf: loo.asOf } : null,
    goldAccuracy: gold.asOf && gold.compared > 0 ? { ...shareOf(gold.agree, gold.compared), asOf: gold.asOf } : null,
    minNewPairs: MY_QUALITY_MIN_NEW_PAIRS,
    minNewTasks: MY_QUALITY_MIN_NEW_TASKS,
  };
}
