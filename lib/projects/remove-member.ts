import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import type { TRemoveMember } from '@/lib/projects/schemas';

/** Removes a member's access to a project; their past judgments stay. */
export async function removeMember(options: { actorId: string | null; input: TRemoveMember }) {
  const { projectId, userId } = options.input;
  return getDb().$transaction(async (tx) => {
    const removed = await tx.membership.deleteMany({ where: { projectId, userId } });
    if (removed.count > 0) {
      await recordAuditEvent(tx, { actorId: options.actorId, action: 'project.member.remove', projectId, targetType: 'user', targetId: userId });
    }
    return { removed: removed.count > 0 };
  });
}
