import { getDb } from '@/lib/db';
import { decideStudyStatus, type GoldSoFar, type StudyStatus } from '@/lib/study/decide-status';
import { endParticipant } from '@/lib/study/end-participant';

const LINK_RULES = {
  projectId: true,
  quotaTasks: true,
  quotaMinutes: true,
  timeoutMinutes: true,
  screeningGoldCount: true,
  screeningMinAccuracy: true,
  completionCode: true,
  completionUrl: true,
  screenOutCode: true,
} as const;

/** Submitted tasks of any kind in the project, and the first K gold rankings' agreement with gold (judgment_stats, kept by each submit). */
async function readProgress(options: { projectId: string; userId: string; goldCount: number | null }) {
  const [tasksDone, gold] = await Promise.all([
    getDb().assignment.count({ where: { projectId: options.projectId, userId: options.userId, status: 'SUBMITTED' } }),
    options.goldCount === null
      ? Promise.resolve<GoldSoFar>({ judgments: 0, agree: 0, compared: 0 })
      : getDb().$queryRaw<GoldSoFar[]>`
            SELECT count(*)::int AS judgments, coalesce(sum("goldAgree"), 0)::int AS agree, coalesce(sum("goldCompared"), 0)::int AS compared
            FROM (SELECT "goldAgree", "goldCompared" FROM judgment_stats
                  WHERE "projectId" = ${options.projectId}::uuid AND "userId" = ${options.userId}::uuid AND "onGold" AND source = 'LABELED'
                  ORDER BY "createdAt", "judgmentId" LIMIT ${options.goldCount}) first_gold`.then(
          (rows) => rows[0] ?? { judgments: 0, agree: 0, compared: 0 },
        ),
  ]);
  return { tasksDone, gold };
}

/**
 * A participant's standing now: an active one is checked against the link's rules (quota,
 * screening, timeout; lib/study/decide-status.ts) and ended when one applies. `byParticipant`:
 * the participant's own page load (which alone completes a minutes quota).
 */
export async function evaluateParticipant(options: { participantId: string; byParticipant: boolean; now?: Date }) {
  const participant = await getDb().studyParticipant.findUnique({
    where: { id: options.participantId },
    select: { id: true, userId: true, status: true, startedAt: true, tasksDone: true, link: { select: LINK_RULES } },
  });
  if (!participant) return null;
  const { link } = participant;
  let status: StudyStatus = participant.status;
  let tasksDone = participant.tasksDone;
  if (status === 'ACTIVE') {
    const progress = await readProgress({ projectId: link.projectId, userId: participant.userId, goldCount: link.screeningGoldCount });
    tasksDone = progress.tasksDone;
    const decided = decideStudyStatus({
      rules: link,
      startedAt: participant.startedAt,
      now: options.now ?? new Date(),
      tasksDone,
      gold: progress.gold,
      byParticipant: options.byParticipant,
    });
    if (decided !== 'ACTIVE') {
      await getDb().$transaction((tx) => endParticipant(tx, { participantId: participant.id, status: decided, actorId: null }));
      const after = await getDb().studyParticipant.findUniqueOrThrow({
        where: { id: participant.id },
        select: { status: true, tasksDone: true },
      });
      status = after.status;
      tasksDone = after.tasksDone;
    }
  }
  return { participantId: participant.id, status, tasksDone, startedAt: participant.startedAt, link };
}
