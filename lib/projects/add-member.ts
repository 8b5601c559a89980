import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TAddMember } from '@/lib/projects/schemas';

/** Adds an existing account to a project; adding a member twice is a no-op. */
export async function addMember(options: { actorId: string | null; input: TAddMember }) {
  const { projectId, email } = options.input;
  return getDb().$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { id: true } });
    if (!project) throw new AppError('NOT_FOUND', 'No such project');
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true, active: true } });
    if (!user) {
      throw new AppError('NOT_FOUND', `No account with email ${email}`, {
        email: ['No account has this email; send an invite instead'],
      });
    }
    const membership = await tx.membership.upsert({
      where: { projectId_userId: { projectId, userId: user.id } },
      create: { projectId, userId: user.id },
      update: {},
      select: { id: true, createdAt: true },
    });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'project.member.add',
      projectId,
      targetType: 'user',
      targetId: user.id,
      data: { email: user.email },
    });
    return { membershipId: membership.id, userId: user.id };
  });
}
