import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TAddMember } from '@/lib/projects/schemas';

/** Adds an existing account to a project; adding a member twice changes nothing and audits nothing. */
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
    const existing = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId: user.id } }, select: { id: true } });
    if (existing) return { membershipId: existing.id, userId: user.id, added: false };
    const membership = await tx.membership.create({ data: { projectId, userId: user.id }, select: { id: true } });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'project.member.add',
      projectId,
      targetType: 'user',
      targetId: user.id,
      data: { email: user.email },
    });
    return { membershipId: membership.id, userId: user.id, added: true };
  });
}
