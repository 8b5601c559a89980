import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TRemoveMember } from '@/lib/projects/schemas';

/**
 * Removes a member's access to a project; their past judgments stay and count again like any
 * former member's. An excluded member is refused: the exclusion lives on the membership, so
 * removing it would quietly put their labels back into statistics and exports.
 */
export async function removeMember(options: { actorId: string | null; input: TRemoveMember }) {
  const { projectId, userId } = options.input;
  return getDb().$transaction(async (tx) => {
    const excluded = await tx.membership.findFirst({ where: { projectId, userId, excluded: true }, select: { id: true } });
    if (excluded) {
      throw new AppError(
        'CONFLICT',
        "This member's labels are excluded, and removing them would count those labels again. Pause them to stop new work (their labels stay excluded), or include their labels first if they should count.",
      );
    }
    const removed = await tx.membership.deleteMany({ where: { projectId, userId } });
    if (removed.count > 0) {
      await recordAuditEvent(tx, {
        actorId: options.actorId,
        action: 'project.member.remove',
        projectId,
        targetType: 'user',
        targetId: userId,
      });
    }
    return { removed: removed.count > 0 };
  });
}
