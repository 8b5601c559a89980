import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { recomputeStats } from '@/lib/judgments/recompute-stats';
import { ZSetMemberExcluded, type TSetMemberExcluded } from '@/lib/dashboard/schemas';
import { getDb, getSql, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';

const BATCH = 500;

/**
 * Excludes a member's labels from statistics and exports, or takes them back (reversible;
 * audited), then recomputes every item they judged in the project, in batches of 500 items, one
 * transaction each. The flag commits first, so no item lock is ever held behind it; until the
 * recompute is done (or if it is cut short), dashboard reads notice the items computed under the
 * old flag (judgment_stats.userExcluded) and recompute them first. Returns the items recomputed.
 */
export async function setMemberExcluded(options: { actorId: string } & TSetMemberExcluded): Promise<{ excluded: boolean; items: number }> {
  const { actorId, ...rest } = options;
  const parsed = ZSetMemberExcluded.safeParse(rest);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'No such member in this project');
  const { projectId, userId, excluded } = parsed.data;
  const changed = await getDb().$transaction(async (tx) => {
    const member = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: { excluded: true } });
    if (!member) throw new AppError('NOT_FOUND', 'No such member in this project');
    if (member.excluded === excluded) return false;
    await tx.membership.update({ where: { projectId_userId: { projectId, userId } }, data: { excluded }, select: { id: true } });
    await recordAuditEvent(tx, {
      actorId,
      action: excluded ? 'project.member.exclude' : 'project.member.include',
      projectId,
      targetType: 'user',
      targetId: userId,
    });
    return true;
  });
  if (!changed) return { excluded, items: 0 };

  const rows = await getSql()
    .selectFrom('judgments as j')
    .innerJoin('items as i', 'i.id', 'j.itemId')
    .select('j.itemId')
    .distinct()
    .where('i.projectId', '=', projectId)
    .where('j.userId', '=', userId)
    .orderBy('j.itemId')
    .execute();
  for (let at = 0; at < rows.length; at += BATCH) {
    await withTransaction((client) =>
      recomputeStats(
        client,
        rows.slice(at, at + BATCH).map((r) => r.itemId),
      ),
    );
  }
  return { excluded, items: rows.length };
}
