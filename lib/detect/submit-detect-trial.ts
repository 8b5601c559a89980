import type { PoolClient } from 'pg';
import { getPgPool } from '@/lib/db';
import { firstFreeTrialSlot, neededCells } from '@/lib/detect/claim-detect-task';
import { findShownCritiques } from '@/lib/detect/get-detect-task';
import { drawNoticedOrder } from '@/lib/detect/noticed-order';
import type { TSubmitDetectTrial } from '@/lib/detect/schemas';
import { scoreTrial } from '@/lib/detect/score-span';
import { AppError } from '@/lib/errors';
import { readProjectSettings } from '@/lib/projects/settings';

export type DetectSubmitResult = {
  trialId: string;
  duplicate: boolean;
  /** Assisted and "yes, a flaw": the screen then asks whether they would have noticed it without the critiques. */
  askWouldHaveNoticed: boolean;
  /** The order to show that question's two answers in (true = "yes" first), drawn and stored at submit; null when not asked. */
  noticedYesFirst: boolean | null;
};

type TrialRow = {
  status: string;
  trialId: string;
  perturbationId: string;
  responseId: string;
  variant: 'ORIGINAL' | 'FLAWED';
  arm: 'UNASSISTED' | 'ASSISTED';
  cell: number;
  slot: number | null;
  submittedAt: Date | null;
  saysFlawed: boolean | null;
  noticedYesFirst: boolean | null;
  text: string;
  flawedStart: number;
  flawedEnd: number;
  settings: unknown;
};

function invalid(field: string, message: string): AppError {
  return new AppError('INVALID_INPUT', message, { [field]: [message] });
}

/** The span lies in the shown text; the critique marks name exactly the critiques shown (none in the unassisted arm). */
async function validate(client: PoolClient, row: TrialRow, input: TSubmitDetectTrial): Promise<void> {
  if (input.span && input.span.end > row.text.length) throw invalid('span', `The selected span ends at ${input.span.end}, past the end of the text (${row.text.length} characters)`);
  const shown = row.arm === 'ASSISTED' ? await findShownCritiques(row, client) : [];
  const marked = input.critiqueMarks.map((m) => m.critiqueId);
  if (new Set(marked).size !== marked.length) throw invalid('critiqueMarks', 'A critique is marked twice');
  if (row.arm === 'UNASSISTED' && marked.length > 0) throw invalid('critiqueMarks', 'No critiques were shown in this task, so none can be marked');
  const ids = new Set(shown.map((c) => c.id));
  const unknown = marked.find((id) => !ids.has(id));
  if (unknown) throw invalid('critiqueMarks', 'A marked critique was not shown in this task');
  if (marked.length !== shown.length) throw invalid('critiqueMarks', `Mark each of the ${shown.length} critiques helpful or not helpful (${shown.length - marked.length} unmarked)`);
}

/**
 * A lapsed trial (its slot was given back) counts only if its cell can be taken again on the
 * source and its block still needs that cell, and while the labeler holds no live task (a trial
 * handed out meanwhile was balanced without this one). Under the labeler's claim lock.
 */
async function retakeSlot(client: PoolClient, o: { projectId: string; userId: string; row: TrialRow; trialsPerSource: number }): Promise<number> {
  const live = await client.query(`SELECT 1 FROM assignments WHERE "projectId" = $1 AND "userId" = $2 AND status = 'ACTIVE' AND "leaseExpiresAt" >= now() LIMIT 1`, [o.projectId, o.userId]);
  if (live.rows[0]) throw new AppError('CONFLICT', 'This task expired and you have another task open now. Finish that one; this one was not counted.');
  await client.query(`SELECT id FROM perturbations WHERE id = $1 FOR UPDATE`, [o.row.perturbationId]);
  const slot = await firstFreeTrialSlot(client, o.row.perturbationId, o.row.cell, o.trialsPerSource);
  if (slot === null) throw new AppError('CONFLICT', 'This task expired and the response has had all its trials of this kind since. Your answers were not counted.');
  return slot;
}

/**
 * Submits the answers of the labeler's DETECT trial and scores it (lib/detect/score-span.ts). The
 * assignment id is the idempotency key: a repeated submit returns the first result. A lapsed
 * trial may still submit when its balance slot can be taken again (retakeSlot); the trial's
 * block is set to the labeler's current one, whose cells it must still need (blocked balance).
 */
export async function submitDetectTrial(options: { userId: string; projectId: string; input: TSubmitDetectTrial }): Promise<DetectSubmitResult> {
  const { userId, projectId, input } = options;
  const client = await getPgPool().connect();
  try {
    await client.query('BEGIN');
    // The claim's lock: blocks are counted and filled one submit or claim at a time per labeler.
    await client.query(`SELECT pg_advisory_xact_lock(4, hashtext($1))`, [`${projectId}:${userId}`]);
    const { rows } = await client.query<TrialRow>(
      `SELECT a.status, t.id AS "trialId", t."perturbationId", t."responseId", t.variant, t.arm, t.cell, t.slot, t."submittedAt", t."saysFlawed", t."noticedYesFirst",
              CASE WHEN t.variant = 'FLAWED' THEN p."flawedText" ELSE r.text END AS text, p."flawedStart", p."flawedEnd", pr.settings
       FROM assignments a JOIN detect_trials t ON t."assignmentId" = a.id JOIN perturbations p ON p.id = t."perturbationId"
       JOIN responses r ON r.id = t."responseId" JOIN projects pr ON pr.id = a."projectId"
       WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'DETECT'
       FOR UPDATE OF a, t`,
      [input.assignmentId, userId, projectId],
    );
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'No such task');
    if (row.submittedAt) {
      await client.query('COMMIT');
      const ask = row.arm === 'ASSISTED' && row.saysFlawed === true;
      return { trialId: row.trialId, duplicate: true, askWouldHaveNoticed: ask, noticedYesFirst: ask ? row.noticedYesFirst : null };
    }
    if (row.status !== 'ACTIVE' && row.status !== 'EXPIRED') throw new AppError('CONFLICT', 'This task is no longer yours');
    await validate(client, row, input);
    const { detect } = readProjectSettings(row.settings);
    const slot = row.slot ?? (await retakeSlot(client, { projectId, userId, row, trialsPerSource: detect.trialsPerSource }));
    const { block, needed } = await neededCells(client, projectId, userId);
    if (!needed.includes(row.cell)) throw new AppError('CONFLICT', 'This task expired and another task took its place in your current round. Your answers were not counted.');

    const score = scoreTrial({
      variant: row.variant,
      saysFlawed: input.saysFlawed,
      highlight: input.span,
      planted: { start: row.flawedStart, end: row.flawedEnd },
      textLength: row.text.length,
      minOverlap: detect.minSpanOverlap,
    });
    const ask = row.arm === 'ASSISTED' && input.saysFlawed;
    const noticedYesFirst = ask ? await drawNoticedOrder(client, { projectId, userId }) : null;
    await client.query(`UPDATE assignments SET status = 'SUBMITTED', "submittedAt" = now(), draft = NULL WHERE id = $1`, [input.assignmentId]);
    await client.query(
      `UPDATE detect_trials SET slot = $2, block = $3, likert = $4, "saysFlawed" = $5, "spanStart" = $6, "spanEnd" = $7, "flawDescription" = $8,
              "flawSeverity" = $9, "critiqueMarks" = $10, "durationMs" = $11, "spanOverlap" = $12, "foundIntended" = $13, "noticedYesFirst" = $14, "submittedAt" = now()
       WHERE id = $1`,
      [
        row.trialId,
        slot,
        block,
        input.likert,
        input.saysFlawed,
        input.span?.start ?? null,
        input.span?.end ?? null,
        input.saysFlawed ? input.description : null,
        input.severity,
        JSON.stringify(input.critiqueMarks),
        input.activeMs,
        score.spanOverlap,
        score.foundIntended,
        noticedYesFirst,
      ],
    );
    await client.query('COMMIT');
    return { trialId: row.trialId, duplicate: false, askWouldHaveNoticed: ask, noticedYesFirst };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
