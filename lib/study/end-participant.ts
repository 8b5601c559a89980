import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Tx } from '@/lib/db';
import type { StudyStatus } from '@/lib/study/decide-status';
import { releaseTasks } from '@/lib/tasks/release';

/**
 * Ends an active participant's session with `status` in the caller's transaction: their live
 * assignments go back to the pool (the engine's release: a late submit is refused), their
 * membership is paused (every claim path refuses a paused member) and the row records the end.
 * Takes the participant's claim lock first, so a claim running now finishes before and a claim
 * after sees the pause. False when the participant had already ended (nothing changed).
 */
export async function endParticipant(
  tx: Tx,
  options: { participantId: string; status: Exclude<StudyStatus, 'ACTIVE'>; actorId: string | null },
): Promise<boolean> {
  const participant = await tx.studyParticipant.findUnique({
    where: { id: options.participantId },
    select: { userId: true, status: true, link: { select: { projectId: true } } },
  });
  if (!participant || participant.status !== 'ACTIVE') return false;
  const { userId } = participant;
  const { projectId } = participant.link;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(4, hashtext(${`${projectId}:${userId}`}))`;
  const locked = await tx.$queryRaw<{ status: string }[]>`
    SELECT status::text FROM study_participants WHERE id = ${options.participantId}::uuid FOR UPDATE`;
  if (locked[0]?.status !== 'ACTIVE') return false;
  // Assignments before the membership row: the order a claim takes its locks in (lib/tasks/release.ts).
  const released = await releaseTasks(tx, { userId, projectId });
  await tx.membership.updateMany({ where: { projectId, userId }, data: { paused: true } });
  const tasksDone = await tx.assignment.count({ where: { projectId, userId, status: 'SUBMITTED' } });
  await tx.studyParticipant.update({
    where: { id: options.participantId },
    data: { status: options.status, endedAt: new Date(), tasksDone, entryTicketHash: null, entryTicketExpiresAt: null },
    select: { id: true },
  });
  await recordAuditEvent(tx, {
    actorId: options.actorId,
    action: `study.participant.${options.status.toLowerCase()}`,
    projectId,
    targetType: 'study_participant',
    targetId: options.participantId,
    data: { released, tasksDone },
  });
  return true;
}
