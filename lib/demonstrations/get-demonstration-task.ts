import { getPgPool } from '@/lib/db';
import { ZDemonstrationDraft, type TDemonstrationDraft } from '@/lib/demonstrations/schemas';
import { readProjectSettings } from '@/lib/projects/settings';
import { RESPONSE_LABELS, type RankingTaskView } from '@/lib/tasks/task-view';

export type DemonstrationTaskView = {
  assignmentId: string;
  messages: RankingTaskView['messages'];
  /** Only when the project shows them; texts under letters, never model ids. */
  responses: Array<{ id: string; label: string; text: string }>;
  minLength: number;
  maxLength: number;
  draft: TDemonstrationDraft | null;
  draftSavedAt: string | null;
  leaseExpiresAt: string;
};

/** The labeler's view of one of their open DEMONSTRATE assignments, or null. */
export async function getDemonstrationTask(options: { assignmentId: string; userId: string; projectId: string }): Promise<DemonstrationTaskView | null> {
  const pool = getPgPool();
  const { rows } = await pool.query<{ id: string; shownOrder: string[]; draft: unknown; draftSavedAt: Date | null; leaseExpiresAt: Date; messages: RankingTaskView['messages']; settings: unknown }>(
    `SELECT a.id, a."shownOrder", a.draft, a."draftSavedAt", a."leaseExpiresAt", i.messages, p.settings
     FROM assignments a JOIN items i ON i.id = a."itemId" JOIN projects p ON p.id = a."projectId"
     WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'DEMONSTRATE' AND a.status IN ('ACTIVE', 'EXPIRED')`,
    [options.assignmentId, options.userId, options.projectId],
  );
  const row = rows[0];
  if (!row) return null;
  const { demonstrate } = readProjectSettings(row.settings);
  let responses: DemonstrationTaskView['responses'] = [];
  if (demonstrate.showResponses) {
    const found = await pool.query<{ id: string; text: string }>(`SELECT id, text FROM responses WHERE id = ANY($1::uuid[])`, [row.shownOrder]);
    const byId = new Map(found.rows.map((r) => [r.id, r.text]));
    responses = row.shownOrder.filter((id) => byId.has(id)).map((id, i) => ({ id, label: RESPONSE_LABELS[i] ?? String(i + 1), text: byId.get(id) ?? '' }));
  }
  const draft = row.draft === null ? null : ZDemonstrationDraft.safeParse(row.draft);
  return {
    assignmentId: row.id,
    messages: row.messages,
    responses,
    minLength: demonstrate.minLength,
    maxLength: demonstrate.maxLength,
    draft: draft?.success ? draft.data : null,
    draftSavedAt: row.draftSavedAt?.toISOString() ?? null,
    leaseExpiresAt: row.leaseExpiresAt.toISOString(),
  };
}
