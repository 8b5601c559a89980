import { getDb } from '@/lib/db';
import { minutesLeft, type StudyStatus } from '@/lib/study/decide-status';
import { evaluateParticipant } from '@/lib/study/evaluate-participant';

export type StudyGate = {
  status: StudyStatus;
  tasksDone: number;
  quotaTasks: number | null;
  minutesLeft: number | null;
  /** Shown when COMPLETED (and no completion URL), or SCREENED_OUT; null otherwise. */
  code: string | null;
  /** COMPLETED with a completion URL: where the participant is sent. */
  redirectTo: string | null;
};

/**
 * What the task page shows a study participant of this project (null for everyone else): their
 * progress while active, or, once their session ended, the completion or screen-out code. Loading
 * it evaluates the participant (quota, screening, timeout) first, so the page never claims a task
 * past the quota.
 */
export async function getStudyGate(options: { userId: string; projectId: string; now?: Date }): Promise<StudyGate | null> {
  const row = await getDb().studyParticipant.findFirst({
    where: { userId: options.userId, link: { projectId: options.projectId } },
    select: { id: true },
  });
  if (!row) return null;
  const now = options.now ?? new Date();
  const p = await evaluateParticipant({ participantId: row.id, byParticipant: true, now });
  if (!p) return null;
  const { link } = p;
  return {
    status: p.status,
    tasksDone: p.tasksDone,
    quotaTasks: link.quotaTasks,
    minutesLeft: p.status === 'ACTIVE' ? minutesLeft({ rules: link, startedAt: p.startedAt, now }) : null,
    code: p.status === 'COMPLETED' ? link.completionCode : p.status === 'SCREENED_OUT' ? link.screenOutCode : null,
    redirectTo: p.status === 'COMPLETED' ? link.completionUrl : null,
  };
}
