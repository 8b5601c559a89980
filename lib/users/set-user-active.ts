import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { guardLastAdmin } from '@/lib/users/guard-last-admin';
import type { TSetUserActive } from '@/lib/users/schemas';

/** Deactivates (ending every session at once) or reactivates an account. */
export async function setUserActive(options: { actorId: string | null; input: TSetUserActive }) {
  const { userId, active } = options.input;
  return getDb().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, active: true } });
    if (!user) throw new AppError('NOT_FOUND', 'No such user');
    if (user.active === active) return user;
    if (!active && user.role === 'ADMIN') await guardLastAdmin(tx, userId);
    const updated = await tx.user.update({
      where: { id: userId },
      data: { active, sessionVersion: { increment: 1 } },
      select: { id: true, role: true, active: true },
    });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: active ? 'user.activate' : 'user.deactivate',
      targetType: 'user',
      targetId: userId,
    });
    return updated;
  });
}
