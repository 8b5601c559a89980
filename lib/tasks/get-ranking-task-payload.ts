import { getPgPool } from '@/lib/db';
import { type TRankingDraft, ZRankingDraft } from '@/lib/judgments/schemas';
import { RESPONSE_LABELS, type RankingTaskView } from '@/lib/tasks/task-view';

export type RankingTaskPayload = Pick<RankingTaskView, 'assignmentId' | 'messages' | 'responses' | 'leaseExpiresAt'> & {
  taxonomyVersion: number;
  draft: TRankingDraft | null;
};

/**
 * The labeler API's view of one of the labeler's open ranking assignments, in one query: what
 * getRankingTask returns, with the taxonomy named by its version instead of spelled out. Selects
 * only response ids and texts in the stored order; never model ids, metadata, external ids or gold.
 */
export async function getRankingTaskPayload(options: {
  assignmentId: string;
  userId: string;
  projectId: string;
}): Promise<RankingTaskPayload | null> {
  const { rows } = await getPgPool().query<{
    id: string;
    taxonomyVersion: number;
    draft: unknown;
    leaseExpiresAt: Date;
    messages: RankingTaskView['messages'];
    responses: { id: string; text: string }[] | null;
  }>({
    // Named: each connection plans it once (every claim through the labeler API reads it).
    name: 'ranking-task-payload',
    text: `SELECT a.id, a."taxonomyVersion", a.draft, a."leaseExpiresAt", i.messages,
            (SELECT json_agg(json_build_object('id', r.id, 'text', r.text) ORDER BY o.n)
             FROM unnest(a."shownOrder") WITH ORDINALITY AS o(id, n) JOIN responses r ON r.id = o.id::uuid AND r."itemId" = a."itemId") AS responses
     FROM assignments a JOIN items i ON i.id = a."itemId"
     WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'RANK' AND a.status IN ('ACTIVE', 'EXPIRED')`,
    values: [options.assignmentId, options.userId, options.projectId],
  });
  const row = rows[0];
  if (!row) return null;
  const draft = row.draft === null ? null : ZRankingDraft.safeParse(row.draft);
  return {
    assignmentId: row.id,
    messages: row.messages,
    responses: (row.responses ?? []).map((r, i) => ({ id: r.id, label: RESPONSE_LABELS[i] ?? String(i + 1), text: r.text })),
    leaseExpiresAt: row.leaseExpiresAt.toISOString(),
    taxonomyVersion: row.taxonomyVersion,
    draft: draft?.success ? draft.data : null,
  };
}
