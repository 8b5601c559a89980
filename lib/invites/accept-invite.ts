import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { hashPassword } from '@/lib/auth/password';
import type { TAcceptInvite } from '@/lib/auth/schemas';
import { getDb } from '@/lib/db';
import { AppError, isUniqueViolation } from '@/lib/errors';
import { hashToken } from '@/lib/auth/secret-token';

/**
 * Turns an invite into an account with the chosen password and the invite's project
 * membership. The invite row is locked, so a link works exactly once even when submitted twice at once.
 */
export async function acceptInvite(options: { input: TAcceptInvite }) {
  const { token, name, password } = options.input;
  const passwordHash = await hashPassword(password);
  const taken = () => new AppError('CONFLICT', 'An account with this email already exists. Sign in instead.');
  return getDb()
    .$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM invites WHERE "tokenHash" = ${hashToken(token)} FOR UPDATE`;
      const id = rows[0]?.id;
      if (!id) throw new AppError('NOT_FOUND', 'This invite link is not valid');
      const invite = await tx.invite.findUniqueOrThrow({
        where: { id },
        select: { id: true, email: true, role: true, projectId: true, usedAt: true, expiresAt: true },
      });
      if (invite.usedAt) throw new AppError('GONE', 'This invite link has already been used. Sign in instead.');
      if (invite.expiresAt <= new Date()) throw new AppError('GONE', 'This invite link has expired. Ask your lead for a new one.');
      const existing = await tx.user.findUnique({ where: { email: invite.email }, select: { id: true } });
      if (existing) throw taken();

      const user = await tx.user.create({
        data: { email: invite.email, name, role: invite.role, passwordHash },
        select: { id: true, email: true, role: true },
      });
      if (invite.projectId) await tx.membership.create({ data: { projectId: invite.projectId, userId: user.id } });
      await tx.invite.update({ where: { id: invite.id }, data: { usedAt: new Date() } });
      await recordAuditEvent(tx, {
        actorId: user.id,
        action: 'invite.accept',
        projectId: invite.projectId,
        targetType: 'invite',
        targetId: invite.id,
      });
      return user;
    })
    .catch((error: unknown) => {
      // Another invite for the same email accepted at the same moment.
      throw isUniqueViolation(error) ? taken() : error;
    });
}
