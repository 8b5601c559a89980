import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TSetMemberKinds } from '@/lib/projects/schemas';

/** A lead limits a member to some task kinds (empty = every kind the mix enables). Audited. */
export async function setMemberKinds(options: { actorId: string; projectId: string; input: TSetMemberKinds }): Promise<void> {
  const { actorId, projectId, input } = options;
  await getDb().$transaction(async (tx) => {
    const updated = await tx.membership.updateMany({ where: { projectId, userId: input.userId }, data: { allowedKinds: input.kinds } });
    if (updated.count === 0) throw new AppError('NOT_FOUND', 'No such member');
    await recordAuditEvent(tx, {
      actorId,
      projectId,
      action: 'project.member.kinds',
      targetType: 'user',
      targetId: input.userId,
      data: { allowedKinds: input.kinds },
    });
  });
}
