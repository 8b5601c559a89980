import { getPgPool } from '@/lib/db';
import { ZRankingDraft } from '@/lib/judgments/schemas';
import { aspectsOf } from '@/lib/tasks/get-ranking-task-payload';
import { RESPONSE_LABELS, type RankingTaskView } from '@/lib/tasks/task-view';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';

type Row = {
  id: string;
  projectId: string;
  shownOrder: string[];
  taxonomyVersion: number;
  draft: unknown;
  draftSavedAt: Date | null;
  leaseExpiresAt: Date;
  messages: RankingTaskView['messages'];
  aspects: unknown;
};

/**
 * The labeler's view of one of their open (active or expired, unsubmitted) ranking assignments,
 * or null. Selects only what the screen shows: response ids and texts in the stored order;
 * never model ids, metadata, external ids or gold rankings.
 */
export async function getRankingTask(options: {
  assignmentId: string;
  userId: string;
  projectId: string;
}): Promise<RankingTaskView | null> {
  const pool = getPgPool();
  const { rows } = await pool.query<Row>(
    `SELECT a.id, a."projectId", a."shownOrder", a."taxonomyVersion", a.draft, a."draftSavedAt", a."leaseExpiresAt", i.messages,
            (SELECT p.settings->'aspects' FROM projects p WHERE p.id = a."projectId") AS aspects
     FROM assignments a JOIN items i ON i.id = a."itemId"
     WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'RANK' AND a.status IN ('ACTIVE', 'EXPIRED')`,
    [options.assignmentId, options.userId, options.projectId],
  );
  const row = rows[0];
  if (!row) return null;
  const { rows: responses } = await pool.query<{ id: string; text: string }>(`SELECT id, text FROM responses WHERE id = ANY($1::uuid[])`, [
    row.shownOrder,
  ]);
  const byId = new Map(responses.map((r) => [r.id, r.text]));
  const draft = row.draft === null ? null : ZRankingDraft.safeParse(row.draft);
  return {
    assignmentId: row.id,
    projectId: row.projectId,
    messages: row.messages,
    responses: row.shownOrder
      .filter((id) => byId.has(id))
      .map((id, i) => ({ id, label: RESPONSE_LABELS[i] ?? String(i + 1), text: byId.get(id) ?? '' })),
    taxonomy: await getTaxonomy({ projectId: row.projectId, version: row.taxonomyVersion }),
    draft: draft?.success ? draft.data : null,
    draftSavedAt: row.draftSavedAt?.toISOString() ?? null,
    leaseExpiresAt: row.leaseExpiresAt.toISOString(),
    ...aspectsOf(row.aspects),
  };
}
