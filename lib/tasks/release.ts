import type { Tx } from '@/lib/db';

/**
 * The one release of the task engine: a labeler's live assignments (of one project, or of every
 * project) go back to the pool (status RELEASED, slot freed for others), in the caller's
 * transaction. A late submit of a released task is refused with a message (lib/tasks/submit.ts);
 * submitted work keeps counting. Callers take assignments before the membership or user row, the
 * order a claim takes its locks in. Returns how many were released.
 */
export async function releaseTasks(tx: Tx, options: { userId: string; projectId?: string }): Promise<number> {
  const where = options.projectId
    ? { projectId: options.projectId, userId: options.userId, status: 'ACTIVE' as const }
    : { userId: options.userId, status: 'ACTIVE' as const };
  const { count } = await tx.assignment.updateMany({ where, data: { status: 'RELEASED', slot: null } });
  return count;
}
