import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { releaseTasks } from '@/lib/tasks/release';
import { AppError } from '@/lib/errors';
import { guardLastAdmin } from '@/lib/users/guard-last-admin';
import type { TSetUserActive } from '@/lib/users/schemas';

/**
 * Deactivates an account (ending every session at once and releasing its live assignments in every
 * project, as pausing a member does, so their slots go back to the pool now rather than at lease
 * expiry) or reactivates it. Drafts stay on the released assignments; submitted work keeps counting.
 */
export async function setUserActive(options: { actorId: string | null; input: TSetUserActive }) {
  const { userId, active } = options.input;
  return getDb().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, active: true } });
    if (!user) throw new AppError('NOT_FOUND', 'No such user');
    if (user.active === active) return user;
    if (!active && user.role === 'ADMIN') await guardLastAdmin(tx, userId);
    // Assignments before the user row: the order a claim takes its locks in (as set-member-paused).
    const released = active ? 0 : await releaseTasks(tx, { userId });
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
      ...(active ? {} : { data: { released } }),
    });
    return updated;
  });
}
