import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { AnyTaskKind } from '@/lib/tasks/kind';

/** Drafts are small; this bounds what one labeler can make the server store. */
const MAX_DRAFT_BYTES = 256 * 1024;

/**
 * The one draft store: saves the labeler's work in progress (already validated by the kind's
 * schema) on their own unsubmitted assignment of the kind — an expired one too: the draft is what
 * a late submit, a renewed claim or a copy starts from — in one statement. Last write wins, so a
 * reload or another device shows what the labeler left. A submitted, skipped or released task is
 * refused, and so is a draft naming a response outside the task (kind.draft.responseIds).
 */
export async function saveTaskDraft(
  kind: AnyTaskKind,
  options: { userId: string; projectId: string; assignmentId: string; draft: unknown },
): Promise<{ savedAt: Date }> {
  const { userId, projectId, assignmentId, draft } = options;
  const json = JSON.stringify(draft);
  if (Buffer.byteLength(json) > MAX_DRAFT_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `The draft is larger than ${MAX_DRAFT_BYTES / 1024} KiB`);
  const named = kind.draft?.responseIds?.(draft) ?? [];
  const { rows } = await getPgPool().query<{ status: string; fits: boolean; draftSavedAt: Date | null }>(
    `WITH target AS (SELECT id, status, $6::text[] <@ "shownOrder" AS fits FROM assignments WHERE id = $1 AND "userId" = $2 AND "projectId" = $3 AND kind = $5::"TaskKind"),
     saved AS (
       UPDATE assignments a SET draft = $4, "draftSavedAt" = now()
       FROM target WHERE a.id = target.id AND target.status IN ('ACTIVE', 'EXPIRED') AND target.fits RETURNING a."draftSavedAt"
     )
     SELECT target.status, target.fits, (SELECT "draftSavedAt" FROM saved) AS "draftSavedAt" FROM target`,
    [assignmentId, userId, projectId, json, kind.kind, named],
  );
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'No such task');
  if (row.status === 'SUBMITTED') throw new AppError('CONFLICT', 'This task is already submitted');
  if (row.status !== 'ACTIVE' && row.status !== 'EXPIRED') throw new AppError('CONFLICT', 'This task is no longer yours');
  if (!row.fits) throw new AppError('INVALID_INPUT', 'The draft names a response that is not in this task');
  if (!row.draftSavedAt) throw new AppError('CONFLICT', 'This task is already submitted');
  return { savedAt: row.draftSavedAt };
}
