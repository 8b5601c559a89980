import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';

/**
 * Refuses a claim by a member their lead has paused (PRODUCT §5). Meant to run before
 * claimNextTask; past submissions are unaffected.
 */
export async function checkCanClaim(options: { projectId: string; userId: string }): Promise<void> {
  const member = await getDb().membership.findUnique({
    where: { projectId_userId: { projectId: options.projectId, userId: options.userId } },
    select: { paused: true },
  });
  if (member?.paused) throw new AppError('FORBIDDEN', 'Your lead has paused your work in this project. Tasks you already submitted still count.');
}
