import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TReviewPerturbation } from '@/lib/perturb/schemas';

/**
 * A lead's review of one perturbation of their project: accept (it becomes a detect source) or
 * reject with a reason (shown to the author on My work). Audited in the same transaction.
 */
export async function reviewPerturbation(options: {
  actorId: string;
  projectId: string;
  input: TReviewPerturbation;
}): Promise<{ status: string }> {
  const { actorId, projectId, input } = options;
  return getDb().$transaction(async (tx) => {
    const found = await tx.perturbation.findFirst({ where: { id: input.perturbationId, projectId }, select: { id: true, status: true } });
    if (!found) throw new AppError('NOT_FOUND', 'No such perturbation');
    const status = input.action === 'accept' ? ('ACCEPTED' as const) : ('REJECTED' as const);
    await tx.perturbation.update({
      where: { id: found.id },
      data: { status, reviewNote: input.note || null, reviewedById: actorId, reviewedAt: new Date() },
    });
    await recordAuditEvent(tx, {
      actorId,
      projectId,
      action: `perturbation.${input.action}`,
      targetType: 'perturbation',
      targetId: found.id,
      data: { from: found.status, to: status, note: input.note },
    });
    return { status };
  });
}
