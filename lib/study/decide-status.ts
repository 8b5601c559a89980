/** The statuses a participant ends in; ACTIVE while they work. */
export type StudyStatus = 'ACTIVE' | 'COMPLETED' | 'SCREENED_OUT' | 'RETURNED' | 'TIMED_OUT';

export type StudyRules = {
  quotaTasks: number | null;
  quotaMinutes: number | null;
  timeoutMinutes: number;
  screeningGoldCount: number | null;
  screeningMinAccuracy: number | null;
};

/** The participant's first `screeningGoldCount` gold rankings: how many, and their strict pairs agreeing with gold. */
export type GoldSoFar = { judgments: number; agree: number; compared: number };

/**
 * Where an active participant stands now (pure; docs/decisions.md, issue 30):
 * 1. screened out once they answered K gold rankings with accuracy below X (accuracy: the share of
 *    the gold's strict pairs they ordered the same way, ties left out as on the dashboard; 0 when
 *    none of their pairs was strict);
 * 2. completed at N submitted tasks;
 * 3. timed out `timeoutMinutes` after their first entry;
 * 4. completed at M minutes after their first entry, but only when they themselves load a page
 *    (`byParticipant`): the sweep never completes someone who walked away, it times them out.
 */
export function decideStudyStatus(options: {
  rules: StudyRules;
  startedAt: Date;
  now: Date;
  tasksDone: number;
  gold: GoldSoFar;
  byParticipant: boolean;
}): StudyStatus {
  const { rules, startedAt, now, tasksDone, gold, byParticipant } = options;
  if (rules.screeningGoldCount !== null && rules.screeningMinAccuracy !== null && gold.judgments >= rules.screeningGoldCount) {
    const accuracy = gold.compared > 0 ? gold.agree / gold.compared : 0;
    if (accuracy < rules.screeningMinAccuracy) return 'SCREENED_OUT';
  }
  if (rules.quotaTasks !== null && tasksDone >= rules.quotaTasks) return 'COMPLETED';
  const minutes = (now.getTime() - startedAt.getTime()) / 60_000;
  if (minutes >= rules.timeoutMinutes) return 'TIMED_OUT';
  if (byParticipant && rules.quotaMinutes !== null && minutes >= rules.quotaMinutes) return 'COMPLETED';
  return 'ACTIVE';
}

/** Minutes left of a minutes quota (never below 0), or null for a tasks quota. */
export function minutesLeft(options: { rules: StudyRules; startedAt: Date; now: Date }): number | null {
  const { rules, startedAt, now } = options;
  if (rules.quotaMinutes === null) return null;
  return Math.max(0, Math.ceil(rules.quotaMinutes - (now.getTime() - startedAt.getTime()) / 60_000));
}
