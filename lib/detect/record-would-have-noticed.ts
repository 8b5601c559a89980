import { getPgPool } from '@/lib/db';
import type { TWouldHaveNoticed } from '@/lib/detect/schemas';
import { AppError } from '@/lib/errors';

/**
 * Stores the answer to "would you have noticed this without the critiques?" on the labeler's own
 * submitted, assisted trial where they said the text has a flaw. Answering again replaces it.
 */
export async function recordWouldHaveNoticed(options: {
  userId: string;
  projectId: string;
  input: TWouldHaveNoticed;
}): Promise<{ recorded: true }> {
  const { userId, projectId, input } = options;
  const { rows } = await getPgPool().query<{ id: string; updated: boolean }>(
    `WITH target AS (
       SELECT t.id, t.arm, t."saysFlawed", t."submittedAt" FROM detect_trials t
       WHERE t."assignmentId" = $1 AND t."userId" = $2 AND t."projectId" = $3
     ), updated AS (
       UPDATE detect_trials d SET "wouldHaveNoticed" = $4 FROM target
       WHERE d.id = target.id AND target."submittedAt" IS NOT NULL AND target.arm = 'ASSISTED' AND target."saysFlawed" RETURNING d.id
     )
     SELECT target.id, EXISTS (SELECT 1 FROM updated) AS updated FROM target`,
    [input.assignmentId, userId, projectId, input.wouldHaveNoticed],
  );
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'No such task');
  if (!row.updated)
    throw new AppError('CONFLICT', 'This question is asked only after a submitted task with critiques where you found a flaw');
  return { recorded: true };
}
