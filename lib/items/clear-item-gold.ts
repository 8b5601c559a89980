import { Prisma } from '@/generated/prisma/client';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { lockItem } from '@/lib/items/lock-item';
import type { TClearItemGold } from '@/lib/items/schemas';

/** Makes a gold item ordinary again; for an item that is not gold this changes nothing and audits nothing. */
export async function clearItemGold(options: { actorId: string | null; input: TClearItemGold }) {
  const { projectId, itemId } = options.input;
  return getDb().$transaction(async (tx) => {
    const item = await lockItem(tx, { projectId, itemId });
    if (!item.isGold) return { cleared: false };
    const { goldRanking } = await tx.item.findUniqueOrThrow({ where: { id: itemId }, select: { goldRanking: true } });
    await tx.item.update({ where: { id: itemId }, data: { isGold: false, goldRanking: Prisma.DbNull }, select: { id: true } });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'item.gold.clear',
      projectId,
      targetType: 'item',
      targetId: itemId,
      // The removed ranking is kept here, so a lead can restore it.
      data: { externalId: item.externalId, ranking: goldRanking ?? null },
    });
    return { cleared: true };
  });
}
