import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { labelerAlarms, type AlarmSums } from '@/lib/dashboard/labeler-alarms';
import type { LabelerQualityRow, Share } from '@/lib/dashboard/types';
import { getPgPool } from '@/lib/db';

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
  const pool = getPgPool();
  const [sums, members, skips, gold] = await Promise.all([
    pool.query<Sums>(
      `SELECT "userId", count(*)::int AS labels,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationMs") FILTER (WHERE source = 'LABELED') AS "medianMs",
              sum("looAgree")::float8 AS "looAgree", sum("looCompared")::float8 AS "looCompared",
              sum("looAgree" ^ 2)::float8 AS "looAgreeSq", sum("looAgree" * "looCompared")::float8 AS "looCross", sum("looCompared" ^ 2)::float8 AS "looComparedSq",
              coalesce(sum("looAgree") FILTER (WHERE counted), 0)::float8 AS "countedAgree", coalesce(sum("looCompared") FILTER (WHERE counted), 0)::float8 AS "countedCompared",
              sum("goldAgree")::float8 AS "goldAgree", sum("goldCompared")::float8 AS "goldCompared",
              sum("firstWins")::float8 AS "firstWins", sum("firstLosses")::float8 AS "firstLosses", sum("firstNullVariance")::float8 AS "firstNullVariance",
              sum("longerWins")::float8 AS "longerWins", sum("longerCompared")::float8 AS "longerCompared"
       FROM judgment_stats WHERE "projectId" = $1 GROUP BY "userId"`,
      [projectId],
    ),
    pool.query<{ userId: string; name: string; email: string; role: string; paused: boolean; excluded: boolean }>(
      `SELECT u.id AS "userId", u.name, u.email, u.role, m.paused, m.excluded FROM memberships m JOIN users u ON u.id = m."userId" WHERE m."projectId" = $1`,
      [projectId],
    ),
    pool.query<{ userId: string; skipped: number; submitted: number }>(
      `SELECT "userId", count(*) FILTER (WHERE status = 'SKIPPED')::int AS skipped, count(*) FILTER (WHERE status = 'SUBMITTED')::int AS submitted
       FROM assignments WHERE "projectId" = $1 AND status IN ('SKIPPED', 'SUBMITTED') GROUP BY "userId"`,
      [projectId],
    ),
    // Rankings the labeler gave (not imported) on items that are gold now: the achieved gold share.
    pool.query<{ userId: string; gold: number; labeled: number }>(
      `SELECT j."userId", count(*) FILTER (WHERE i."isGold")::int AS gold, count(*)::int AS labeled
       FROM judgments j JOIN items i ON i.id = j."itemId" WHERE i."projectId" = $1 AND j.source = 'LABELED' GROUP BY j."userId"`,
      [projectId],
    ),
  ]);
  const goldByUser = new Map(gold.rows.map((g) => [g.userId, g]));
  const byUser = new Map(sums.rows.map((s) => [s.userId, s]));
  const skipsByUser = new Map(skips.rows.map((s) => [s.userId, s]));
  const totalAgree = sums.rows.reduce((t, s) => t + s.countedAgree, 0);
  const totalCompared = sums.rows.reduce((t, s) => t + s.countedCompared, 0);

  return members.rows
    .filter((m) => m.role === 'LABELER' || byUser.has(m.userId))
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
