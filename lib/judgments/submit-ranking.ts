import type { PoolClient } from 'pg';
import { recomputeItemStats } from '@/lib/judgments/recompute-item-stats';
import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { checkRanking } from '@/lib/judgments/check-ranking';
import { rankingWarnings } from '@/lib/judgments/ranking-warnings';
import type { TSubmitRanking } from '@/lib/judgments/schemas';
import { firstFreeSlot } from '@/lib/tasks/claim-next-task';
import { RESPONSE_LABELS } from '@/lib/tasks/task-view';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';

export type SubmitResult = { judgmentId: string; duplicate: boolean };

/** A slot for an assignment whose lease expired: the item's first free one (item locked), or null when it filled up meanwhile. */
async function reacquireSlot(client: PoolClient, itemId: string, overlap: number): Promise<number | null> {
  await client.query(`SELECT id FROM items WHERE id = $1 FOR UPDATE`, [itemId]);
  return firstFreeSlot(client, itemId, overlap);
}

/**
 * Why the ratings do not fit the task, or null: each response rated at most once, flags from the
 * assignment's taxonomy version, flaw spans inside the response text. Responses are named by
 * the letter the labeler saw.
 */
async function checkRatings(client: PoolClient, input: SubmitRankingInput, a: { projectId: string; shownOrder: string[]; taxonomyVersion: number }): Promise<string | null> {
  const letter = (id: string) => RESPONSE_LABELS[a.shownOrder.indexOf(id)] ?? '?';
  const seen = new Set<string>();
  for (const rating of input.ratings) {
    if (!a.shownOrder.includes(rating.responseId)) return 'A rating names a response that is not in this task';
    if (seen.has(rating.responseId)) return `Response ${letter(rating.responseId)} is rated twice`;
    seen.add(rating.responseId);
  }
  const taxonomy = await getTaxonomy({ projectId: a.projectId, version: a.taxonomyVersion, client });
  const responseFlags = new Set(taxonomy.responseFlags.map((f) => f.key));
  const promptFlags = new Set(taxonomy.promptFlags.map((f) => f.key));
  for (const rating of input.ratings) {
    const unknown = rating.flags.find((flag) => !responseFlags.has(flag));
    if (unknown) return `Response ${letter(rating.responseId)}: "${unknown}" is not a flag of taxonomy version ${a.taxonomyVersion}`;
  }
  const unknownPrompt = input.promptFlags.find((flag) => !promptFlags.has(flag));
  if (unknownPrompt) return `"${unknownPrompt}" is not a prompt flag of taxonomy version ${a.taxonomyVersion}`;
  const withFlaws = input.ratings.filter((r) => r.flaws.length > 0);
  if (withFlaws.length > 0) {
    // Offsets are UTF-16 code units, as the browser counts them: measure the text the same way.
    const texts = await client.query<{ id: string; text: string }>(`SELECT id, text FROM responses WHERE id = ANY($1::uuid[])`, [withFlaws.map((r) => r.responseId)]);
    const length = new Map(texts.rows.map((r) => [r.id, r.text.length]));
    for (const rating of withFlaws) {
      const max = length.get(rating.responseId) ?? 0;
      const outside = rating.flaws.find((f) => f.end > max);
      if (outside) return `Response ${letter(rating.responseId)}: the flaw span ${outside.start}–${outside.end} is outside its text (${max} characters)`;
    }
  }
  return null;
}

/**
 * Stores a labeler's ranking for their assignment, once: the assignment id is the idempotency
 * key, so a retried submit returns the first judgment and writes nothing. The ranking must be a
 * weak order over exactly the assignment's responses. After an expired lease the submit still
 * lands while the item has a free slot; otherwise it is refused (the client keeps the draft).
 */
/** A parsed submit; callers inside the app may leave out restGroupedBelow (false). */
export type SubmitRankingInput = Omit<TSubmitRanking, 'restGroupedBelow'> & { restGroupedBelow?: boolean };

export async function submitRanking(options: { userId: string; projectId: string; input: SubmitRankingInput }): Promise<SubmitResult> {
  const { userId, projectId, input } = options;
  const client = await getPgPool().connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; projectId: string; itemId: string; status: string; slot: number | null; shownOrder: string[]; taxonomyVersion: number; overlap: number; leaseExpiresAt: Date }>(
      `SELECT a.id, a."projectId", a."itemId", a.status, a.slot, a."shownOrder", a."taxonomyVersion", p.overlap, a."leaseExpiresAt"
       FROM assignments a JOIN projects p ON p.id = a."projectId"
       WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 FOR UPDATE OF a`,
      [input.assignmentId, userId, projectId],
    );
    const assignment = rows[0];
    if (!assignment) throw new AppError('NOT_FOUND', 'No such task');
    const existing = await client.query<{ id: string }>(`SELECT id FROM judgments WHERE "assignmentId" = $1`, [assignment.id]);
    if (existing.rows[0]) {
      await client.query('COMMIT');
      return { judgmentId: existing.rows[0].id, duplicate: true };
    }
    if (assignment.status === 'SKIPPED') throw new AppError('CONFLICT', 'This task was skipped');
    if (assignment.status === 'RELEASED') throw new AppError('CONFLICT', 'Your lead took this task back (labeling paused). Your answers are still on this page to copy.');

    // Every response must be in the ranking: placed by the labeler, or in the last group when they
    // chose "the rest tie below" (restGroupedBelow). Nothing is filled in here.
    const problem = input.allUnacceptable && input.ranking.length === 0 ? null : checkRanking(input.ranking, assignment.shownOrder);
    if (problem) throw new AppError('INVALID_INPUT', problem, { ranking: [problem] });
    const ratingProblem = await checkRatings(client, input, assignment);
    if (ratingProblem) throw new AppError('INVALID_INPUT', ratingProblem, { ratings: [ratingProblem] });

    let slot = assignment.leaseExpiresAt < new Date() && assignment.status === 'ACTIVE' ? null : assignment.slot;
    if (slot === null) {
      // Our slot may have been released (or be about to be): hold it again only if the item is not full.
      await client.query(`UPDATE assignments SET slot = NULL WHERE id = $1`, [assignment.id]);
      slot = await reacquireSlot(client, assignment.itemId, assignment.overlap);
      if (slot === null) {
        throw new AppError('CONFLICT', 'Your time on this task ran out and other labelers have completed it. Your answers are still on this page to copy.');
      }
    }
    await client.query(`UPDATE assignments SET status = 'SUBMITTED', "submittedAt" = now(), slot = $2 WHERE id = $1`, [assignment.id, slot]);
    const applicable = rankingWarnings({
      ranking: input.ranking,
      allUnacceptable: input.allUnacceptable,
      likert: Object.fromEntries(input.ratings.map((r) => [r.responseId, r.likert])),
      shownOrder: assignment.shownOrder,
    });
    // The screen says which warnings it showed and the labeler submitted through (only those that
    // apply are kept); an API client is shown nothing, so it gets the ones that apply.
    const warnings = input.confirmedWarnings ? applicable.filter((w) => input.confirmedWarnings?.includes(w)) : applicable;
    const judgment = await client.query<{ id: string }>(
      `INSERT INTO judgments ("assignmentId", "itemId", "userId", ranking, "allUnacceptable", "restGroupedBelow", "promptFlags", "taxonomyVersion", "durationMs", warnings)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [assignment.id, assignment.itemId, userId, JSON.stringify(input.ranking), input.allUnacceptable, input.restGroupedBelow ?? false, input.promptFlags, assignment.taxonomyVersion, input.durationMs, warnings],
    );
    const judgmentId = judgment.rows[0]?.id ?? '';
    if (input.ratings.length > 0) {
      await client.query(
        `INSERT INTO response_ratings ("judgmentId", "responseId", likert, flags, flaws)
         SELECT $1, u.response, u.likert, ARRAY(SELECT jsonb_array_elements_text(u.flags)), u.flaws
         FROM unnest($2::uuid[], $3::int[], $4::jsonb[], $5::jsonb[]) AS u(response, likert, flags, flaws)`,
        [
          judgmentId,
          input.ratings.map((r) => r.responseId),
          input.ratings.map((r) => r.likert),
          input.ratings.map((r) => JSON.stringify(r.flags)),
          input.ratings.map((r) => JSON.stringify(r.flaws)),
        ],
      );
    }
    await recomputeItemStats(client, assignment.itemId);
    await client.query('COMMIT');
    return { judgmentId, duplicate: false };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
