import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';

/** Refuses a change that would leave no active administrator (nobody could manage accounts). */
export async function guardLastAdmin(tx: Tx, userId: string): Promise<void> {
  // Lock the admins so two concurrent demotions cannot both see "one other admin left".
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM users WHERE role = 'ADMIN' AND active ORDER BY id FOR UPDATE`;
  if (admins.length === 1 && admins[0]?.id === userId) {
    throw new AppError('CONFLICT', 'This is the last active administrator; make another administrator first');
  }
}
