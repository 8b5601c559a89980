import type { TRole } from '@/lib/auth/schemas';
import { getPgPool } from '@/lib/db';
import { runTag } from './names';
import type { Queryable } from './types';

export type InsertedUser = { id: string; email: string; name: string; role: TRole; sessionVersion: number };

/**
 * `count` accounts in one INSERT, returned in order (n = 1…count). No password and no audit row:
 * hundreds of accounts through createUser would spend seconds hashing. Sign them in with a
 * minted session (mintSessionCookie) or call them as userIds.
 */
export async function insertUsers(options: {
  count: number;
  role?: TRole;
  name?: (n: number) => string;
  email?: (n: number) => string;
  pool?: Queryable;
}): Promise<InsertedUser[]> {
  const role = options.role ?? 'LABELER';
  const tag = runTag();
  const prefix = role.toLowerCase();
  const ns = Array.from({ length: options.count }, (_, i) => i + 1);
  // Unique across calls in one process: a random suffix per call, after the deterministic part.
  const call = Math.random().toString(36).slice(2, 8);
  const emails = ns.map((n) => options.email?.(n) ?? `${prefix}${n}-${tag}-${call}@builders.test`);
  const names = ns.map((n) => options.name?.(n) ?? `${role[0]}${role.slice(1).toLowerCase()} ${n}`);
  const { rows } = await (options.pool ?? getPgPool()).query<InsertedUser>(
    `INSERT INTO users (email, name, role, "updatedAt")
     SELECT u.email, u.name, $3::"Role", now() FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(email, name, n) ORDER BY u.n
     RETURNING id, email, name, role, "sessionVersion"`,
    [emails, names, role],
  );
  return rows;
}
