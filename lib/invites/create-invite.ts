import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { TRole } from '@/lib/auth/schemas';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { hashToken, newToken } from '@/lib/auth/secret-token';
import type { TCreateInvite } from '@/lib/invites/schemas';

/**
 * Creates a one-time invite to a project and returns its token (shown once, stored hashed).
 * Leads invite labelers; only admins may invite other roles. Earlier open invites for the
 * same email and project are revoked, so only the newest link works.
 */
export async function createInvite(options: { actor: { id: string; role: TRole }; input: TCreateInvite }) {
  const { actor, input } = options;
  if (actor.role !== 'ADMIN' && input.role !== 'LABELER') {
    throw new AppError('FORBIDDEN', 'Only an administrator can invite someone with this role', { role: ['Leads invite labelers only'] });
  }
  const token = newToken();
  const expiresAt = new Date(Date.now() + getEnv().INVITE_TTL_HOURS * 3_600_000);
  const invite = await getDb().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) {
      throw new AppError('CONFLICT', `${input.email} already has an account`, {
        email: ['This person already has an account: add them as a member instead'],
      });
    }
    await tx.invite.updateMany({
      where: { email: input.email, projectId: input.projectId, usedAt: null, expiresAt: { gt: new Date() } },
      data: { expiresAt: new Date() },
    });
    const created = await tx.invite.create({
      data: {
        tokenHash: hashToken(token),
        email: input.email,
        role: input.role,
        projectId: input.projectId,
        invitedById: actor.id,
        expiresAt,
      },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    await recordAuditEvent(tx, {
      actorId: actor.id,
      action: 'invite.create',
      projectId: input.projectId,
      targetType: 'invite',
      targetId: created.id,
      data: { email: created.email, role: created.role },
    });
    return created;
  });
  return { ...invite, token };
}
