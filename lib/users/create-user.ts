import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { hashPassword } from '@/lib/auth/password';
import { getDb } from '@/lib/db';
import { AppError, isUniqueViolation } from '@/lib/errors';
import type { TCreateUser } from '@/lib/users/schemas';

/** Creates an account; a taken email is a field error, never a second account. `actorId` null = operator CLI. */
export async function createUser(options: { actorId: string | null; input: TCreateUser }) {
  const { input } = options;
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const taken = () =>
    new AppError('CONFLICT', `A user with email ${input.email} already exists`, { email: ['This email already has an account'] });
  return getDb()
    .$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (existing) throw taken();
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: { id: true, email: true, name: true, role: true, active: true },
      });
      await recordAuditEvent(tx, {
        actorId: options.actorId,
        action: 'user.create',
        targetType: 'user',
        targetId: user.id,
        data: { email: user.email, role: user.role },
      });
      return user;
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? taken() : error;
    });
}
