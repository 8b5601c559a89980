import { getDb } from '@/lib/db';

/** Every account, for the admin's user list. */
export function findUsers() {
  return getDb()
    .user.findMany({
      orderBy: [{ active: 'desc' }, { role: 'asc' }, { email: 'asc' }],
      select: { id: true, email: true, name: true, role: true, active: true, createdAt: true, passwordHash: true },
    })
    .then((users) => users.map(({ passwordHash, ...u }) => ({ ...u, hasPassword: passwordHash !== null })));
}
