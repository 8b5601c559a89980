import { getDb } from '@/lib/db';
import type { TRole } from '@/lib/auth/schemas';

/** Projects a user may see: all of them for an admin, otherwise those they are a member of. */
export function findProjects(options: { user: { id: string; role: TRole } }) {
  const { user } = options;
  return getDb().project.findMany({
    where: user.role === 'ADMIN' ? { archivedAt: null } : { archivedAt: null, memberships: { some: { userId: user.id } } },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      slug: true,
      name: true,
      overlap: true,
      createdAt: true,
      _count: { select: { items: true, memberships: true } },
    },
  });
}
