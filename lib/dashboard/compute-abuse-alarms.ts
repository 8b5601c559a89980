import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  burstAlarms,
  collusionAlarms,
  collusionGroupAlarms,
  pairAgreements,
  speedAlarms,
  type AbuseJudgment,
  type BurstAlarm,
  type CollusionAlarm,
  type CollusionGroupAlarm,
  type SpeedAlarm,
} from '@/lib/dashboard/abuse-alarms';
import { getPgPool } from '@/lib/db';
import { getPoolSettings } from '@/lib/pool/pool-settings';

/** A bounded in-memory pass: the project's newest judgments, at most this many. */
export const ABUSE_JUDGMENT_LIMIT = 200_000;

/** The alarms themselves, as the stats refresh job caches them (who the labelers are is read by each view). */
export type AbuseFigures = {
  collusion: { tested: number; alarms: CollusionAlarm[] };
  collusionGroups: { tested: number; alarms: CollusionGroupAlarm[] };
  speed: SpeedAlarm[];
  bursts: BurstAlarm[];
  speedFloorSeconds: number;
  truncated: boolean;
};

/**
 * Coordinated or careless feedback alarms of a project (issue 10), from scratch: colluding pairs
 * and groups, labelers faster than the speed floor, bursts of identical submissions (tests in
 * lib/dashboard/abuse-alarms.ts). Every labeler's behaviour is tested, excluded labelers' too, but
 * the reference each test compares with ("agreement with everyone else") is over counted labels
 * only (lib/judgments/counted-labels.ts: a labeler counts unless their membership is excluded), so
 * an excluded pair of copiers no longer sets anyone's bar. Seconds at a million judgments: the
 * stats refresh job runs it (lib/dashboard/refresh-cached-figures.ts), views read its cache.
 */
export async function computeAbuseAlarms(options: { projectId: string; limit?: number }): Promise<AbuseFigures> {
  const { projectId, limit = ABUSE_JUDGMENT_LIMIT } = options;
  const pool = getPgPool();
  const [settings, judgments, excluded] = await Promise.all([
    getPoolSettings({ projectId }),
    pool.query<AbuseJudgment>(
      `SELECT j.id, j."itemId", j."userId", j.ranking, j."durationMs", j."createdAt",
              CASE WHEN j.source = 'LABELED' THEN a."shownOrder" END AS "shownOrder",
              (SELECT jsonb_object_agg(rr."responseId", rr.likert) FROM response_ratings rr WHERE rr."judgmentId" = j.id AND rr.likert IS NOT NULL) AS likert,
              (SELECT coalesce(sum(length(r.text)), 0)::int FROM responses r WHERE r."itemId" = j."itemId") AS chars
       FROM judgments j JOIN items i ON i.id = j."itemId" LEFT JOIN assignments a ON a.id = j."assignmentId"
       WHERE i."projectId" = $1 ORDER BY j."createdAt" DESC LIMIT ${Number(limit)}`,
      [projectId],
    ),
    // The counted-label rule (countedLabelSql) read once, not once per judgment.
    pool.query<{ userId: string }>(`SELECT "userId" FROM memberships WHERE "projectId" = $1 AND excluded`, [projectId]),
  ]);
  const notCounted = new Set(excluded.rows.map((r) => r.userId));
  const rows = judgments.rows.map((j) => ({ ...j, counted: !notCounted.has(j.userId) }));
  // The job runs in an app instance: its requests get through between the tests (each a synchronous pass).
  const agreements = pairAgreements(rows);
  await nextTurn();
  const collusion = collusionAlarms(rows, agreements);
  await nextTurn();
  const collusionGroups = collusionGroupAlarms(rows, agreements);
  await nextTurn();
  const speed = speedAlarms(rows, settings.speedFloorSeconds);
  await nextTurn();
  const bursts = burstAlarms(rows);
  return { collusion, collusionGroups, speed, bursts, speedFloorSeconds: settings.speedFloorSeconds, truncated: rows.length === limit };
}
