import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { lockItem } from '@/lib/items/lock-item';
import { PRIORITY_MAX, PRIORITY_MIN, type TSetItemPriority } from '@/lib/items/schemas';

/** Sets an item's priority (higher is handed out first); setting the current value audits nothing. */
export async function setItemPriority(options: { actorId: string | null; input: TSetItemPriority }) {
  const { projectId, itemId, priority } = options.input;
  // Forms parse with ZSetItemPriority; this guards callers that build the input themselves.
  if (!Number.isInteger(priority) || priority < PRIORITY_MIN || priority > PRIORITY_MAX) {
    throw new AppError('INVALID_INPUT', 'Priority is out of range', {
      priority: [`Priority must be a whole number from ${PRIORITY_MIN} to ${PRIORITY_MAX}`],
    });
  }
  return getDb().$transaction(async (tx) => {
    const item = await lockItem(tx, { projectId, itemId });
    if (item.priority === priority) return { id: itemId, priority, changed: false };
    await tx.item.update({ where: { id: itemId }, data: { priority }, select: { id: true } });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'item.priority.set',
      projectId,
      targetType: 'item',
      targetId: itemId,
      data: { externalId: item.externalId, from: item.priority, to: priority },
    });
    return { id: itemId, priority, changed: true };
  });
}
