import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TSetPerturbSource } from '@/lib/perturb/schemas';

/** A lead marks or unmarks a response of their project as a source to plant flaws in (PRODUCT §3.3). Audited. */
export async function setPerturbSource(options: {
  actorId: string;
  projectId: string;
  input: TSetPerturbSource;
}): Promise<{ itemId: string }> {
  const { actorId, projectId, input } = options;
  return getDb().$transaction(async (tx) => {
    const found = await tx.response.findFirst({
      where: { id: input.responseId, item: { projectId } },
      select: { id: true, itemId: true, perturbSource: true },
    });
    if (!found) throw new AppError('NOT_FOUND', 'No such response');
    await tx.response.update({ where: { id: found.id }, data: { perturbSource: input.source } });
    await recordAuditEvent(tx, {
      actorId,
      projectId,
      action: 'response.perturb_source',
      targetType: 'response',
      targetId: found.id,
      data: { itemId: found.itemId, from: found.perturbSource, to: input.source },
    });
    return { itemId: found.itemId };
  });
}
