import { getMemberProject } from '@/lib/auth/get-member-project';
import type { TRole } from '@/lib/auth/schemas';
import { AppError } from '@/lib/errors';

/** Who manages, lists or tests connections. */
export type ConnectionActor = { id: string; role: TRole };

/**
 * Refuses unless `actor` manages the connections of `projectId` (null: the shared ones): a
 * project's by its leads and admins, shared ones by admins only. A project the actor is no member
 * of is reported as missing, as the pages do. Leads *use* shared connections (findModelConnections,
 * getChatTarget); they do not change them.
 */
export async function authorizeConnectionScope(options: { actor: ConnectionActor; projectId: string | null }): Promise<void> {
  const { actor, projectId } = options;
  if (projectId === null) {
    if (actor.role !== 'ADMIN') throw new AppError('FORBIDDEN', 'Only an administrator manages shared model connections.');
    return;
  }
  const project = await getMemberProject({ user: actor, projectId });
  if (!project) throw new AppError('NOT_FOUND', 'No such project.');
  if (actor.role !== 'ADMIN' && actor.role !== 'LEAD') {
    throw new AppError('FORBIDDEN', "Only the project's leads manage its model connections.");
  }
}
