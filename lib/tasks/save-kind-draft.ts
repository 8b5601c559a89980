import type { TaskKind } from '@/generated/prisma/enums';
import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';

/**
 * Saves a draft (already validated by the kind's schema) on the labeler's own assignment of
 * `kind` (an expired one too: a late submit starts from it), in one statement. Last write wins; a
 * submitted or skipped task is refused. Used by the demonstration, perturb and detect screens;
 * ranking drafts (lib/tasks/save-draft.ts) also check the response ids they name.
 */
export async function saveKindDraft(options: { kind: Exclude<TaskKind, 'RANK'>; userId: string; projectId: string; assignmentId: string; draft: unknown }): Promise<{ savedAt: Date }> {
  const { kind, userId, projectId, assignmentId, draft } = options;
  const { rows } = await getPgPool().query<{ status: string; draftSavedAt: Date | null }>(
    `WITH target AS (SELECT id, status FROM assignments WHERE id = $1 AND "userId" = $2 AND "projectId" = $3 AND kind = $5::"TaskKind"),
     saved AS (
       UPDATE assignments a SET draft = $4, "draftSavedAt" = now()
       FROM target WHERE a.id = target.id AND target.status IN ('ACTIVE', 'EXPIRED') RETURNING a."draftSavedAt"
     )
     SELECT target.status, (SELECT "draftSavedAt" FROM saved) AS "draftSavedAt" FROM target`,
    [assignmentId, userId, projectId, JSON.stringify(draft), kind],
  );
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'No such task');
  if (!row.draftSavedAt) throw new AppError('CONFLICT', row.status === 'SUBMITTED' ? 'This task is already submitted' : 'This task is no longer yours');
  return { savedAt: row.draftSavedAt };
}
