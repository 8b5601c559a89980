import type { TRole } from '@/lib/auth/schemas';
import { getDb } from '@/lib/db';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The project when `user` may see it: a member of it, or any project for an admin. Null
 * otherwise, and for a malformed id, so callers report both as missing.
 */
export async function getMemberProject(options: { user: { id: string; role: TRole }; projectId: string }) {
  const { user, projectId } = options;
  if (!UUID.test(projectId)) return null;
  return getDb().project.findFirst({
    where: user.role === 'ADMIN' ? { id: projectId } : { id: projectId, memberships: { some: { userId: user.id } } },
    select: { id: true, slug: true, name: true, guidelines: true, overlap: true, minResponses: true, maxResponses: true },
  });
}
