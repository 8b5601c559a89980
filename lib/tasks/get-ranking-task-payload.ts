import type { QueryResult } from 'pg';
import { ZAspectSettings } from '@/lib/aspects/schemas';
import { executeSql, getPgPool } from '@/lib/db';
import { type TRankingDraft, ZRankingDraft } from '@/lib/judgments/schemas';
import type { ClaimRead } from '@/lib/tasks/claim';
import { lit } from '@/lib/tasks/sql-literal';
import { RESPONSE_LABELS, type RankingTaskView } from '@/lib/tasks/task-view';

export type RankingTaskPayload = Pick<RankingTaskView, 'assignmentId' | 'messages' | 'responses' | 'leaseExpiresAt' | 'aspects'> & {
  taxonomyVersion: number;
  draft: TRankingDraft | null;
};

type Row = {
  id: string;
  taxonomyVersion: number;
  draft: unknown;
  leaseExpiresAt: Date;
  messages: RankingTaskView['messages'];
  responses: { id: string; text: string }[] | null;
  aspects: unknown;
};

// $1 assignment, $2 labeler, $3 project. Selects only response ids and texts in the stored order;
// never model ids, metadata, external ids or gold.
const PAYLOAD = `SELECT a.id, a."taxonomyVersion", a.draft, a."leaseExpiresAt", i.messages,
            (SELECT json_agg(json_build_object('id', r.id, 'text', r.text) ORDER BY o.n)
             FROM unnest(a."shownOrder") WITH ORDINALITY AS o(id, n) JOIN responses r ON r.id = o.id::uuid AND r."itemId" = a."itemId") AS responses,
            (SELECT p.settings->'aspects' FROM projects p WHERE p.id = a."projectId") AS aspects
     FROM assignments a JOIN items i ON i.id = a."itemId"
     WHERE a.id = $1::uuid AND a."userId" = $2::uuid AND a."projectId" = $3::uuid AND a.kind = 'RANK' AND a.status IN ('ACTIVE', 'EXPIRED')`;

function toPayload(row: Row | undefined): RankingTaskPayload | null {
  if (!row) return null;
  const draft = row.draft === null ? null : ZRankingDraft.safeParse(row.draft);
  return {
    assignmentId: row.id,
    messages: row.messages,
    responses: (row.responses ?? []).map((r, i) => ({ id: r.id, label: RESPONSE_LABELS[i] ?? String(i + 1), text: r.text })),
    leaseExpiresAt: row.leaseExpiresAt.toISOString(),
    taxonomyVersion: row.taxonomyVersion,
    draft: draft?.success ? draft.data : null,
    ...aspectsOf(row.aspects),
  };
}

/** The project's aspects (issue 27) as the task's `aspects`, only when it collects them. */
export function aspectsOf(raw: unknown): { aspects?: RankingTaskView['aspects'] } {
  const parsed = ZAspectSettings.safeParse(raw ?? {});
  return parsed.success && parsed.data.enabled ? { aspects: parsed.data.list } : {};
}

/**
 * The labeler API's view of one of the labeler's open ranking assignments, in one query: what
 * getRankingTask returns, with the taxonomy named by its version instead of spelled out.
 */
export async function getRankingTaskPayload(options: {
  assignmentId: string;
  userId: string;
  projectId: string;
}): Promise<RankingTaskPayload | null> {
  // Named: each connection plans it once.
  const { rows } = await getPgPool().query<Row>({
    name: 'ranking-task-payload',
    text: PAYLOAD,
    values: [options.assignmentId, options.userId, options.projectId],
  });
  return toPayload(rows[0]);
}

/**
 * The same view read by the claim itself, in its COMMIT's round trip (claimTask's `read`): for a
 * claimed ranking only (another kind's live task reads nothing).
 */
export function rankingTaskPayloadRead(options: { userId: string; projectId: string }): ClaimRead<RankingTaskPayload | null> {
  const prepared = { tx_ranking_task_payload: PAYLOAD };
  return {
    prepared,
    sql: (claimed) =>
      claimed.kind === 'RANK'
        ? executeSql(prepared, 'tx_ranking_task_payload', [lit(claimed.assignmentId), lit(options.userId), lit(options.projectId)])
        : null,
    // A new ranking, named by the claim's SQL expression, read in the insert's round trip (claimTask's finish).
    sqlNew: (assignment) => executeSql(prepared, 'tx_ranking_task_payload', [assignment, lit(options.userId), lit(options.projectId)]),
    parse: (result: QueryResult) => toPayload(result.rows[0] as Row | undefined),
  };
}
