import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { lockItem } from '@/lib/items/lock-item';
import type { TSetItemGold } from '@/lib/items/schemas';

/** Why a ranking does not rank each of the item's responses exactly once; empty when it does. */
function rankingProblems(ranking: string[][], responseIds: string[]): string[] {
  const known = new Set(responseIds);
  const ranked = ranking.flat();
  const unknown = [...new Set(ranked.filter((id) => !known.has(id)))];
  const repeated = [...new Set(ranked.filter((id, i) => ranked.indexOf(id) !== i))];
  const missing = responseIds.filter((id) => !ranked.includes(id));
  return [
    ...(unknown.length ? [`Not a response of this item: ${unknown.join(', ')}`] : []),
    ...(repeated.length ? [`Ranked more than once: ${repeated.join(', ')}`] : []),
    ...(missing.length ? [`Every response must be ranked; missing: ${missing.join(', ')}`] : []),
  ];
}

/**
 * Makes an item gold with a reference ranking (tie groups of its response ids, best first),
 * or replaces the ranking of a gold item. The ranking must rank every response exactly once.
 */
export async function setItemGold(options: { actorId: string | null; input: TSetItemGold }) {
  const { projectId, itemId, ranking } = options.input;
  return getDb().$transaction(async (tx) => {
    const item = await lockItem(tx, { projectId, itemId });
    const responses = await tx.response.findMany({ where: { itemId }, select: { id: true } });
    const problems = rankingProblems(
      ranking,
      responses.map((r) => r.id),
    );
    if (problems.length > 0)
      throw new AppError('INVALID_INPUT', 'The ranking does not match the responses of this item', { ranking: problems });
    await tx.item.update({ where: { id: itemId }, data: { isGold: true, goldRanking: ranking }, select: { id: true } });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'item.gold.set',
      projectId,
      targetType: 'item',
      targetId: itemId,
      data: { externalId: item.externalId, ranking, wasGold: item.isGold },
    });
    return { id: itemId, isGold: true, goldRanking: ranking };
  });
}
