import { queueStatsRefresh, refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { labelerAlarms, type AlarmSums } from '@/lib/dashboard/labeler-alarms';
import type { LabelerQualityRow, Share } from '@/lib/dashboard/types';
import { getReadPool, withTransaction } from '@/lib/db';
import { foldProgress } from '@/lib/pool/fold-progress';
import { foldRollups, readRollups, ROLLUP_INLINE_LIMIT } from '@/lib/dashboard/fold-rollups';
import { INLINE_FOLD_LIMIT } from '@/lib/dashboard/get-progress-summary';
import { medianDurations } from '@/lib/dashboard/median-durations';
import { at, USER } from '@/lib/dashboard/rollup-layout';
import { findStepGoldScores } from '@/lib/steps/find-step-gold-scores';

/** A labeler's summed judgment_stats: what the alarms need, plus the table's other columns. */
type Sums = AlarmSums & {
  userId: string;
  labels: number;
  medianMs: number | null;
  /** Their pairs that enter project figures (zero while excluded). */
  countedAgree: number;
  countedCompared: number;
  goldAgree: number;
  goldCompared: number;
  longerWins: number;
  longerCompared: number;
};

const share = (hits: number, compared: number): Share => ({ hits, compared, rate: compared > 0 ? hits / compared : Number.NaN });

/**
 * The labelers table (PRODUCT §5): every member who labeled or may label, with volume, median
 * time, skip rate, leave-one-out agreement, gold accuracy, position and length bias, and alarms
 * (agreement significantly below the project's, or a significant position bias; p < 0.01 with
 * at least 30 pairs). Excluded labelers are listed with their numbers but never enter the
 * project rate the others are tested against.
 */
export async function findLabelerQuality(options: { projectId: string }): Promise<LabelerQualityRow[]> {
  const { projectId } = options;
  await refreshProjectStats({ projectId });
  // The skip rate's counts (labeler_decisions) are folded with progress: what changed since the last fold, not every assignment.
  // Both bounded: past a backlog they fold nothing, the background fold does, and the dashboard's banner says so (find-fold-backlog.ts).
  await Promise.all([
    foldRollups({ projectId, limit: ROLLUP_INLINE_LIMIT }),
    withTransaction((client) => foldProgress(client, projectId, { limit: INLINE_FOLD_LIMIT })).then(async (fold) => {
      if (fold.deferred) await queueStatsRefresh({ projectId });
    }),
  ]);
  const pool = await getReadPool();
  const [rollups, members, skips, stepGold] = await Promise.all([
    readRollups({ projectId, kinds: ['user', 'dur'], pool }),
    pool.query<{ userId: string; name: string; email: string; role: string; paused: boolean; excluded: boolean }>(
      `SELECT u.id AS "userId", u.name, u.email, u.role, m.paused, m.excluded FROM memberships m JOIN users u ON u.id = m."userId" WHERE m."projectId" = $1`,
      [projectId],
    ),
    pool.query<{ userId: string; skipped: number; submitted: number }>(
      `SELECT "userId", skipped, submitted FROM labeler_decisions WHERE "projectId" = $1`,
      [projectId],
    ),
    findStepGoldScores({ projectId }),
  ]);
  const users = rollups.filter((r) => r.kind === 'user' && at(r.v, USER.labels) > 0);
  const medians = await medianDurations({ projectId, bins: rollups.filter((r) => r.kind === 'dur') });
  const sums = {
    rows: users.map((r): Sums => ({
      userId: r.k1,
      labels: at(r.v, USER.labels),
      medianMs: medians.get(r.k1) ?? null,
      looAgree: at(r.v, USER.looAgree),
      looCompared: at(r.v, USER.looCompared),
      looAgreeSq: at(r.v, USER.looAgreeSq),
      looCross: at(r.v, USER.looCross),
      looComparedSq: at(r.v, USER.looComparedSq),
      countedAgree: at(r.v, USER.countedAgree),
      countedCompared: at(r.v, USER.countedCompared),
      goldAgree: at(r.v, USER.goldAgree),
      goldCompared: at(r.v, USER.goldCompared),
      firstWins: at(r.v, USER.firstWins),
      firstLosses: at(r.v, USER.firstLosses),
      firstNullVariance: at(r.v, USER.firstNullVariance),
      longerWins: at(r.v, USER.longerWins),
      longerCompared: at(r.v, USER.longerCompared),
    })),
  };
  // Rankings the labeler gave (not imported) on items that are gold now: the achieved gold share.
  const gold = { rows: users.map((r) => ({ userId: r.k1, gold: at(r.v, USER.labeledOnGold), labeled: at(r.v, USER.labeled) })) };
  const goldByUser = new Map(gold.rows.map((g) => [g.userId, g]));
  const byUser = new Map(sums.rows.map((s) => [s.userId, s]));
  const skipsByUser = new Map(skips.rows.map((s) => [s.userId, s]));
  const totalAgree = sums.rows.reduce((t, s) => t + s.countedAgree, 0);
  const totalCompared = sums.rows.reduce((t, s) => t + s.countedCompared, 0);

  return members.rows
    .filter((m) => m.role === 'LABELER' || byUser.has(m.userId) || stepGold.has(m.userId))
    .map((m): LabelerQualityRow => {
      const s =
        byUser.get(m.userId) ??
        ({
          userId: m.userId,
          labels: 0,
          medianMs: null,
          looAgree: 0,
          looCompared: 0,
          looAgreeSq: 0,
          looCross: 0,
          looComparedSq: 0,
          countedAgree: 0,
          countedCompared: 0,
          goldAgree: 0,
          goldCompared: 0,
          firstWins: 0,
          firstLosses: 0,
          firstNullVariance: 0,
          longerWins: 0,
          longerCompared: 0,
        } satisfies Sums);
      // The project's rate without this labeler: they are tested against their peers.
      const p0 = (totalAgree - s.countedAgree) / (totalCompared - s.countedCompared);
      const { agreementP, positionP, alarms } = labelerAlarms(s, p0);
      const skipped = skipsByUser.get(m.userId);
      const decided = (skipped?.skipped ?? 0) + (skipped?.submitted ?? 0);
      return {
        userId: m.userId,
        name: m.name,
        email: m.email,
        labels: s.labels,
        medianDurationMs: s.medianMs,
        skipRate: decided > 0 ? (skipped?.skipped ?? 0) / decided : 0,
        looAgreement: share(s.looAgree, s.looCompared),
        goldAccuracy: s.goldCompared > 0 ? share(s.goldAgree, s.goldCompared) : null,
        goldShare: share(goldByUser.get(m.userId)?.gold ?? 0, goldByUser.get(m.userId)?.labeled ?? 0),
        stepGold: stepGold.get(m.userId) ?? null,
        positionBias: { ...share(s.firstWins, s.firstWins + s.firstLosses), p: positionP },
        lengthBias: share(s.longerWins, s.longerCompared),
        agreementP,
        alarms,
        paused: m.paused,
        excluded: m.excluded,
      };
    })
    .sort((a, b) => b.labels - a.labels || a.name.localeCompare(b.name));
}
