import type { PoolClient } from 'pg';
import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { checkRanking } from '@/lib/judgments/check-ranking';
import type { TSubmitRanking } from '@/lib/judgments/schemas';
import { firstFreeSlot } from '@/lib/tasks/claim-next-task';

export type SubmitResult = { judgmentId: string; duplicate: boolean };

/** A slot for an assignment whose lease expired: the item's first free one (item locked), or null when it filled up meanwhile. */
async function reacquireSlot(client: PoolClient, itemId: string, overlap: number): Promise<number | null> {
  await client.query(`SELECT id FROM items WHERE id = $1 FOR UPDATE`, [itemId]);
  return firstFreeSlot(client, itemId, overlap);
}

/**
 * Stores a labeler's ranking for their assignment, once: the assignment id is the idempotency
 * key, so a retried submit returns the first judgment and writes nothing. The ranking must be a
 * weak order over exactly the assignment's responses. After an expired lease the submit still
 * lands while the item has a free slot; otherwise it is refused (the client keeps the draft).
 */
export async function submitRanking(options: { userId: string; input: TSubmitRanking }): Promise<SubmitResult> {
  const { userId, input } = options;
  const client = await getPgPool().connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; itemId: string; status: string; slot: number | null; shownOrder: string[]; taxonomyVersion: number; overlap: number; leaseExpiresAt: Date }>(
      `SELECT a.id, a."itemId", a.status, a.slot, a."shownOrder", a."taxonomyVersion", p.overlap, a."leaseExpiresAt"
       FROM assignments a JOIN projects p ON p.id = a."projectId"
       WHERE a.id = $1 AND a."userId" = $2 FOR UPDATE OF a`,
      [input.assignmentId, userId],
    );
    const assignment = rows[0];
    if (!assignment) throw new AppError('NOT_FOUND', 'No such task');
    const existing = await client.query<{ id: string }>(`SELECT id FROM judgments WHERE "assignmentId" = $1`, [assignment.id]);
    if (existing.rows[0]) {
      await client.query('COMMIT');
      return { judgmentId: existing.rows[0].id, duplicate: true };
    }
    if (assignment.status === 'SKIPPED') throw new AppError('CONFLICT', 'This task was skipped');

    const problem = input.allUnacceptable && input.ranking.length === 0 ? null : checkRanking(input.ranking, assignment.shownOrder);
    if (problem) throw new AppError('INVALID_INPUT', problem, { ranking: [problem] });
    const foreign = input.ratings.find((r) => !assignment.shownOrder.includes(r.responseId));
    if (foreign) throw new AppError('INVALID_INPUT', 'A rating names a response that is not in this task', { ratings: ['Unknown response'] });

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
    const judgment = await client.query<{ id: string }>(
      `INSERT INTO judgments ("assignmentId", "itemId", "userId", ranking, "allUnacceptable", "promptFlags", "taxonomyVersion", "durationMs")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [assignment.id, assignment.itemId, userId, JSON.stringify(input.ranking), input.allUnacceptable, input.promptFlags, assignment.taxonomyVersion, input.durationMs],
    );
    const judgmentId = judgment.rows[0]?.id ?? '';
    if (input.ratings.length > 0) {
      await client.query(
        `INSERT INTO response_ratings ("judgmentId", "responseId", likert, flags)
         SELECT $1, u.response, u.likert, ARRAY(SELECT jsonb_array_elements_text(u.flags))
         FROM unnest($2::uuid[], $3::int[], $4::jsonb[]) AS u(response, likert, flags)`,
        [judgmentId, input.ratings.map((r) => r.responseId), input.ratings.map((r) => r.likert), input.ratings.map((r) => JSON.stringify(r.flags))],
      );
    }
    await client.query('COMMIT');
    return { judgmentId, duplicate: false };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
