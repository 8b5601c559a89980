import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TSkipTask } from '@/lib/judgments/schemas';

/**
 * The one skip, for any kind: skips one of the labeler's open assignments with a reason, in one
 * statement. Its slot returns to the pool and the labeler is not handed the item again. Skipping
 * twice is a no-op; a submitted or released task cannot be skipped.
 */
export async function skipTask(options: { userId: string; projectId: string; input: TSkipTask }): Promise<{ skipped: true }> {
  const { userId, projectId, input } = options;
  const { rows } = await getPgPool().query<{ status: string }>(
    `WITH target AS (SELECT id, status FROM assignments WHERE id = $1 AND "userId" = $2 AND "projectId" = $5 FOR UPDATE),
     updated AS (
       UPDATE assignments a SET status = 'SKIPPED', slot = NULL, "skipReason" = $3, "skipNote" = $4
       FROM target WHERE a.id = target.id AND target.status IN ('ACTIVE', 'EXPIRED') RETURNING a.id
     )
     SELECT target.status FROM target`,
    [input.assignmentId, userId, input.reason, input.note || null, projectId],
  );
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'No such task');
  if (row.status === 'SUBMITTED') throw new AppError('CONFLICT', 'This task is already submitted');
  if (row.status === 'RELEASED') throw new AppError('CONFLICT', 'This task is no longer yours');
  return { skipped: true };
}
