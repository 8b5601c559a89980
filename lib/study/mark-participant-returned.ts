import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { endParticipant } from '@/lib/study/end-participant';
import type { TMarkParticipantReturned } from '@/lib/study/schemas';

/**
 * A lead marks a participant returned (they returned the submission on the platform): their live
 * work goes back to the pool now and they get no more tasks. Only a participant of the lead's
 * project; the caller has checked that the actor leads it.
 */
export async function markParticipantReturned(options: { actorId: string; input: TMarkParticipantReturned }) {
  const { actorId, input } = options;
  return getDb().$transaction(async (tx) => {
    const participant = await tx.studyParticipant.findFirst({
      where: { id: input.participantId, link: { projectId: input.projectId } },
      select: { id: true, status: true },
    });
    if (!participant) throw new AppError('NOT_FOUND', 'No such participant in this project');
    if (participant.status !== 'ACTIVE') throw new AppError('CONFLICT', 'This participant’s session has already ended');
    return endParticipant(tx, { participantId: participant.id, status: 'RETURNED', actorId });
  });
}
