import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { guardLastAdmin } from '@/lib/users/guard-last-admin';
import type { TSetUserRole } from '@/lib/users/schemas';

/** Changes a user's role and ends their current sessions (the new role applies from the next sign-in). */
export async function setUserRole(options: { actorId: string | null; input: TSetUserRole }) {
  const { userId, role } = options.input;
  return getDb().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
    if (!user) throw new AppError('NOT_FOUND', 'No such user');
    if (user.role === role) return user;
    if (user.role === 'ADMIN') await guardLastAdmin(tx, userId);
    const updated = await tx.user.update({
      where: { id: userId },
      data: { role, sessionVersion: { increment: 1 } },
      select: { id: true, role: true },
    });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'user.role.set',
      targetType: 'user',
      targetId: userId,
      data: { from: user.role, to: role },
    });
    return updated;
  });
}
