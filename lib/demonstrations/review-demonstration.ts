import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TReviewDemonstration } from '@/lib/demonstrations/schemas';

/**
 * A lead's review of one demonstration of their project: accept, reject with a reason (shown to
 * the labeler), or edit (stores editedText; the labeler's text is kept). Audited in the same
 * transaction. Only ACCEPTED demonstrations are exported.
 */
export async function reviewDemonstration(options: {
  actorId: string;
  projectId: string;
  input: TReviewDemonstration;
}): Promise<{ status: string }> {
  const { actorId, projectId, input } = options;
  return getDb().$transaction(async (tx) => {
    const found = await tx.demonstration.findFirst({ where: { id: input.demonstrationId, projectId }, select: { id: true, status: true } });
    if (!found) throw new AppError('NOT_FOUND', 'No such demonstration');
    const reviewed = { reviewedById: actorId, reviewedAt: new Date() };
    const data =
      input.action === 'accept'
        ? { ...reviewed, status: 'ACCEPTED' as const, reviewNote: input.note || null }
        : input.action === 'reject'
          ? { ...reviewed, status: 'REJECTED' as const, reviewNote: input.note }
          : { ...reviewed, editedText: input.text };
    const updated = await tx.demonstration.update({ where: { id: found.id }, data, select: { status: true } });
    await recordAuditEvent(tx, {
      actorId,
      projectId,
      action: `demonstration.${input.action}`,
      targetType: 'demonstration',
      targetId: found.id,
      data:
        input.action === 'edit'
          ? { from: found.status, textLength: input.text.length }
          : { from: found.status, to: updated.status, note: input.note },
    });
    return { status: updated.status };
  });
}
