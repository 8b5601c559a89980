import { getPgPool } from '@/lib/db';
import { ZPerturbationDraft, type TPerturbationDraft } from '@/lib/perturb/schemas';
import type { RankingTaskView } from '@/lib/tasks/task-view';

export type PerturbTaskView = {
  assignmentId: string;
  messages: RankingTaskView['messages'];
  /** The source response's text only: never its model id or metadata. */
  sourceText: string;
  draft: TPerturbationDraft | null;
  draftSavedAt: string | null;
  leaseExpiresAt: string;
};

/** The labeler's view of one of their open PERTURB assignments, or null. */
export async function getPerturbTask(options: { assignmentId: string; userId: string; projectId: string }): Promise<PerturbTaskView | null> {
  const { rows } = await getPgPool().query<{ id: string; draft: unknown; draftSavedAt: Date | null; leaseExpiresAt: Date; messages: RankingTaskView['messages']; sourceText: string }>(
    `SELECT a.id, a.draft, a."draftSavedAt", a."leaseExpiresAt", i.messages, r.text AS "sourceText"
     FROM assignments a JOIN items i ON i.id = a."itemId" JOIN responses r ON r.id = a."sourceResponseId"
     WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'PERTURB' AND a.status IN ('ACTIVE', 'EXPIRED')`,
    [options.assignmentId, options.userId, options.projectId],
  );
  const row = rows[0];
  if (!row) return null;
  const draft = row.draft === null ? null : ZPerturbationDraft.safeParse(row.draft);
  return {
    assignmentId: row.id,
    messages: row.messages,
    sourceText: row.sourceText,
    draft: draft?.success ? draft.data : null,
    draftSavedAt: row.draftSavedAt?.toISOString() ?? null,
    leaseExpiresAt: row.leaseExpiresAt.toISOString(),
  };
}
