import type { TRole } from '@/lib/auth/schemas';
import { getDb } from '@/lib/db';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The projects a timesheet opened from `projectId` may show to `user`: that project for one of its
 * leads, that project or (`all`) every project (null) for an admin. Undefined when the user may not
 * read it (not a lead of the project, or no such project): callers answer "not found".
 */
export async function timesheetScope(options: {
  user: { id: string; role: TRole };
  projectId: string;
  all?: boolean;
}): Promise<{ projectIds: string[] | null; project: { id: string; name: string } } | undefined> {
  const { user, projectId } = options;
  if (!UUID.test(projectId) || (user.role !== 'ADMIN' && user.role !== 'LEAD')) return undefined;
  const project = await getDb().project.findFirst({
    where: user.role === 'ADMIN' ? { id: projectId } : { id: projectId, memberships: { some: { userId: user.id } } },
    select: { id: true, name: true },
  });
  if (!project) return undefined;
  return { projectIds: user.role === 'ADMIN' && options.all ? null : [project.id], project };
}
