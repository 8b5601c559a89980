import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TSaveDemonstrationDraft } from '@/lib/demonstrations/schemas';

/**
 * Saves the labeler's unsubmitted demonstration text on their own DEMONSTRATE assignment (an
 * expired one too). Last write wins; a submitted or skipped task is refused.
 */
export async function saveDemonstrationDraft(options: { userId: string; projectId: string; input: TSaveDemonstrationDraft }): Promise<{ savedAt: Date }> {
  const { userId, projectId, input } = options;
  const { rows } = await getPgPool().query<{ status: string; draftSavedAt: Date | null }>(
    `WITH target AS (SELECT id, status FROM assignments WHERE id = $1 AND "userId" = $2 AND "projectId" = $3 AND kind = 'DEMONSTRATE'),
     saved AS (
       UPDATE assignments a SET draft = $4, "draftSavedAt" = now()
       FROM target WHERE a.id = target.id AND target.status IN ('ACTIVE', 'EXPIRED') RETURNING a."draftSavedAt"
     )
     SELECT target.status, (SELECT "draftSavedAt" FROM saved) AS "draftSavedAt" FROM target`,
    [input.assignmentId, userId, projectId, JSON.stringify(input.draft)],
  );
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'No such task');
  if (!row.draftSavedAt) throw new AppError('CONFLICT', row.status === 'SUBMITTED' ? 'This task is already submitted' : 'This task is no longer yours');
  return { savedAt: row.draftSavedAt };
}
