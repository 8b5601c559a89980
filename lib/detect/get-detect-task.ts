import type { ClientBase, Pool } from 'pg';
import { getPgPool } from '@/lib/db';
import { ZDetectDraft, type TDetectDraft } from '@/lib/detect/schemas';
import type { RankingTaskView } from '@/lib/tasks/task-view';

/**
 * Everything the detect screen receives, and nothing more (PRODUCT §1, §3.4): the conversation,
 * ONE text and, in the assisted arm, the critiques of exactly that text. Never the model id, which
 * variant the text is, the planted flaw, the other text, nor who wrote what.
 */
export type DetectTaskView = {
  assignmentId: string;
  messages: RankingTaskView['messages'];
  text: string;
  assisted: boolean;
  /** Assisted arm only; in a stable order. */
  critiques: { id: string; text: string }[];
  draft: TDetectDraft | null;
  draftSavedAt: string | null;
  leaseExpiresAt: string;
};

type Row = {
  id: string;
  draft: unknown;
  draftSavedAt: Date | null;
  leaseExpiresAt: Date;
  messages: RankingTaskView['messages'];
  variant: 'ORIGINAL' | 'FLAWED';
  arm: 'UNASSISTED' | 'ASSISTED';
  perturbationId: string;
  responseId: string;
  text: string;
};

/** The labeler's view of one of their open DETECT assignments, or null. */
export async function getDetectTask(options: { assignmentId: string; userId: string; projectId: string }): Promise<DetectTaskView | null> {
  const pool = getPgPool();
  const { rows } = await pool.query<Row>(
    `SELECT a.id, a.draft, a."draftSavedAt", a."leaseExpiresAt", i.messages, t.variant, t.arm, t."perturbationId", t."responseId",
            CASE WHEN t.variant = 'FLAWED' THEN p."flawedText" ELSE r.text END AS text
     FROM assignments a
     JOIN detect_trials t ON t."assignmentId" = a.id
     JOIN items i ON i.id = a."itemId"
     JOIN perturbations p ON p.id = t."perturbationId"
     JOIN responses r ON r.id = t."responseId"
     WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'DETECT' AND a.status IN ('ACTIVE', 'EXPIRED') AND t."submittedAt" IS NULL`,
    [options.assignmentId, options.userId, options.projectId],
  );
  const row = rows[0];
  if (!row) return null;
  const critiques = row.arm === 'ASSISTED' ? await findShownCritiques({ variant: row.variant, responseId: row.responseId, perturbationId: row.perturbationId }) : [];
  const draft = row.draft === null ? null : ZDetectDraft.safeParse(row.draft);
  return {
    assignmentId: row.id,
    messages: row.messages,
    text: row.text,
    assisted: row.arm === 'ASSISTED',
    critiques,
    draft: draft?.success ? draft.data : null,
    draftSavedAt: row.draftSavedAt?.toISOString() ?? null,
    leaseExpiresAt: row.leaseExpiresAt.toISOString(),
  };
}

/** The critiques of exactly the shown text: the response's own (no perturbation) for the original, the perturbation's for the flawed one. */
export async function findShownCritiques(o: { variant: 'ORIGINAL' | 'FLAWED'; responseId: string; perturbationId: string }, client: ClientBase | Pool = getPgPool()): Promise<{ id: string; text: string }[]> {
  const { rows } = await client.query<{ id: string; text: string }>(
    o.variant === 'FLAWED'
      ? `SELECT id, text FROM critiques WHERE "perturbationId" = $1 ORDER BY "createdAt", id`
      : `SELECT id, text FROM critiques WHERE "responseId" = $1 AND "perturbationId" IS NULL ORDER BY "createdAt", id`,
    [o.variant === 'FLAWED' ? o.perturbationId : o.responseId],
  );
  return rows;
}
