import {
  burstAlarms,
  collusionAlarms,
  collusionGroupAlarms,
  speedAlarms,
  type AbuseJudgment,
  type BurstAlarm,
  type CollusionAlarm,
  type CollusionGroupAlarm,
  type SpeedAlarm,
} from '@/lib/dashboard/abuse-alarms';
import { getPgPool } from '@/lib/db';
import { countedLabelSql } from '@/lib/judgments/counted-labels';
import { getPoolSettings } from '@/lib/pool/pool-settings';

/** A bounded in-memory pass: the project's newest judgments, at most this many. */
export const ABUSE_JUDGMENT_LIMIT = 200_000;

export type AbuseMember = { userId: string; name: string; paused: boolean; excluded: boolean };
export type AbuseAlarms = {
  members: Record<string, AbuseMember>;
  collusion: { tested: number; alarms: CollusionAlarm[] };
  collusionGroups: { tested: number; alarms: CollusionGroupAlarm[] };
  speed: SpeedAlarm[];
  bursts: BurstAlarm[];
  speedFloorSeconds: number;
  truncated: boolean;
};

/**
 * Coordinated or careless feedback alarms of a project (issue 10): colluding pairs and groups, labelers faster
 * than the speed floor, bursts of identical submissions (tests in lib/dashboard/abuse-alarms.ts).
 * Every labeler's behaviour is tested, excluded labelers' too (their alarms stay, marked excluded),
 * but the reference each test compares with ("agreement with everyone else") is over counted labels
 * only (lib/judgments/counted-labels.ts), so an excluded pair of copiers no longer sets anyone's bar.
 */
export async function findAbuseAlarms(options: { projectId: string }): Promise<AbuseAlarms> {
  const { projectId } = options;
  const pool = getPgPool();
  const [settings, judgments, members] = await Promise.all([
    getPoolSettings({ projectId }),
    pool.query<AbuseJudgment>(
      `SELECT j.id, j."itemId", j."userId", j.ranking, j."durationMs", j."createdAt",
              CASE WHEN j.source = 'LABELED' THEN a."shownOrder" END AS "shownOrder",
              (SELECT jsonb_object_agg(rr."responseId", rr.likert) FROM response_ratings rr WHERE rr."judgmentId" = j.id AND rr.likert IS NOT NULL) AS likert,
              (SELECT coalesce(sum(length(r.text)), 0)::int FROM responses r WHERE r."itemId" = j."itemId") AS chars,
              ${countedLabelSql({ user: 'j."userId"', project: '$1' })} AS counted
       FROM judgments j JOIN items i ON i.id = j."itemId" LEFT JOIN assignments a ON a.id = j."assignmentId"
       WHERE i."projectId" = $1 ORDER BY j."createdAt" DESC LIMIT ${ABUSE_JUDGMENT_LIMIT}`,
      [projectId],
    ),
    pool.query<AbuseMember>(
      `SELECT u.id AS "userId", u.name, m.paused, m.excluded FROM memberships m JOIN users u ON u.id = m."userId" WHERE m."projectId" = $1`,
      [projectId],
    ),
  ]);
  const rows = judgments.rows;
  return {
    members: Object.fromEntries(members.rows.map((m) => [m.userId, m])),
    collusion: collusionAlarms(rows),
    collusionGroups: collusionGroupAlarms(rows),
    speed: speedAlarms(rows, settings.speedFloorSeconds),
    bursts: burstAlarms(rows),
    speedFloorSeconds: settings.speedFloorSeconds,
    truncated: rows.length === ABUSE_JUDGMENT_LIMIT,
  };
}
