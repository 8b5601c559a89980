import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TSaveDraft } from '@/lib/judgments/schemas';

/** Drafts are small; this bounds what one labeler can make the server store. */
const MAX_DRAFT_BYTES = 256 * 1024;

/**
 * Saves the labeler's work in progress on one of their unsubmitted assignments (an expired one
 * too: the draft is what a late submit or a copy starts from). Last write wins. The draft is the
 * screen's exact state (placed groups, unranked responses, ranking mode, scores, flags, notes), so
 * a reload or another device shows what the labeler left. A draft naming a response outside the
 * task is refused, as is one for a submitted or skipped task.
 */
export async function saveDraft(options: { userId: string; projectId: string; input: TSaveDraft }): Promise<{ savedAt: Date }> {
  const { userId, projectId, input } = options;
  const json = JSON.stringify(input.draft);
  if (Buffer.byteLength(json) > MAX_DRAFT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `The draft is larger than ${MAX_DRAFT_BYTES / 1024} KiB`);
  const pool = getPgPool();
  const { rows } = await pool.query<{ status: string; shownOrder: string[] }>(
    `SELECT status, "shownOrder" FROM assignments WHERE id = $1 AND "userId" = $2 AND "projectId" = $3`,
    [input.assignmentId, userId, projectId],
  );
  const assignment = rows[0];
  if (!assignment) throw new AppError('NOT_FOUND', 'No such task');
  if (assignment.status === 'SUBMITTED') throw new AppError('CONFLICT', 'This task is already submitted');
  if (assignment.status === 'SKIPPED' || assignment.status === 'RELEASED') throw new AppError('CONFLICT', 'This task is no longer yours');
  const known = new Set(assignment.shownOrder);
  const named = [...input.draft.ranking.flat(), ...(input.draft.unranked ?? []), ...input.draft.ratings.map((r) => r.responseId)];
  if (named.some((id) => !known.has(id))) throw new AppError('INVALID_INPUT', 'The draft names a response that is not in this task');
  const saved = await pool.query<{ draftSavedAt: Date }>(
    `UPDATE assignments SET draft = $3, "draftSavedAt" = now()
     WHERE id = $1 AND "userId" = $2 AND status IN ('ACTIVE', 'EXPIRED') RETURNING "draftSavedAt"`,
    [input.assignmentId, userId, json],
  );
  const row = saved.rows[0];
  if (!row) throw new AppError('CONFLICT', 'This task is already submitted');
  return { savedAt: row.draftSavedAt };
}
