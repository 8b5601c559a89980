import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { ZSetMemberPaused, type TSetMemberPaused } from '@/lib/dashboard/schemas';
import { getDb } from '@/lib/db';
import { releaseTasks } from '@/lib/tasks/release';
import { AppError } from '@/lib/errors';

/**
 * Pauses a member (no new claims; claimMixedTask and claimRankingTask refuse them) or lets them work again. Pausing
 * also releases their live assignments in the project (status RELEASED, slot freed for others)
 * in the same transaction. Submitted work keeps counting. Audited when anything changed.
 */
export async function setMemberPaused(options: { actorId: string } & TSetMemberPaused): Promise<{ paused: boolean; released: number }> {
  const { actorId, ...rest } = options;
  const parsed = ZSetMemberPaused.safeParse(rest);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'No such member in this project');
  const { projectId, userId, paused } = parsed.data;
  return getDb().$transaction(async (tx) => {
    const member = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: { paused: true } });
    if (!member) throw new AppError('NOT_FOUND', 'No such member in this project');
    // Assignments first, then the membership: the same order as a claim, which never waits on a membership.
    const released = paused ? await releaseTasks(tx, { projectId, userId }) : 0;
    if (member.paused !== paused)
      await tx.membership.update({ where: { projectId_userId: { projectId, userId } }, data: { paused }, select: { id: true } });
    if (member.paused !== paused || released > 0) {
      await recordAuditEvent(tx, {
        actorId,
        action: paused ? 'project.member.pause' : 'project.member.resume',
        projectId,
        targetType: 'user',
        targetId: userId,
        data: { released },
      });
    }
    return { paused, released };
  });
}
