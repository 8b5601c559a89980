import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TItemRequirements } from '@/lib/pool/schemas';

/**
 * Sets (or clears, with nulls) an item's routing requirement. Assignments already handed out stay;
 * later claims follow the new rule. Audited. NOT_FOUND for an item of another project.
 */
export async function setItemRequirements(options: { actorId: string; input: TItemRequirements }): Promise<void> {
  const { actorId, input } = options;
  const { projectId, itemId, requiredLanguage, requiredProficiency, requiredExpertise } = input;
  await getDb().$transaction(async (tx) => {
    const { count } = await tx.item.updateMany({
      where: { id: itemId, projectId },
      data: { requiredLanguage, requiredProficiency: requiredLanguage ? requiredProficiency : null, requiredExpertise },
    });
    if (count === 0) throw new AppError('NOT_FOUND', 'No such item in this project');
    await recordAuditEvent(tx, {
      actorId,
      action: 'item.requirements.update',
      projectId,
      targetType: 'item',
      targetId: itemId,
      data: { requiredLanguage, requiredProficiency, requiredExpertise },
    });
  });
}
