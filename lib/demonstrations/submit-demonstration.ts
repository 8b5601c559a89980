import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TSubmitDemonstration } from '@/lib/demonstrations/schemas';
import { readProjectSettings } from '@/lib/projects/settings';
import { firstFreeItemSlot } from '@/lib/tasks/claim-item-slot-task';

type Result = { demonstrationId: string; duplicate: boolean };

/**
 * Submits a demonstration on the labeler's DEMONSTRATE assignment. The assignment id is the
 * idempotency key: a retried submit returns the first result and changes nothing. Text outside
 * the project's min/max length is refused with a message. A lapsed assignment may still submit
 * while the item has a free demonstration slot (PRODUCT §4).
 */
export async function submitDemonstration(options: { userId: string; projectId: string; input: TSubmitDemonstration }): Promise<Result> {
  const { userId, projectId, input } = options;
  const client = await getPgPool().connect();
  try {
    await client.query('BEGIN');
    // Locked first; the demonstration is read by a later statement, so a submit that waited on the
    // lock sees the one its twin committed.
    const { rows } = await client.query<{ status: string; itemId: string; slot: number | null; settings: unknown }>(
      `SELECT a.status, a."itemId", a.slot, p.settings FROM assignments a JOIN projects p ON p.id = a."projectId"
       WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'DEMONSTRATE'
       FOR UPDATE OF a`,
      [input.assignmentId, userId, projectId],
    );
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'No such task');
    const existing = await client.query<{ id: string }>(`SELECT id FROM demonstrations WHERE "assignmentId" = $1`, [input.assignmentId]);
    if (existing.rows[0]) {
      await client.query('COMMIT');
      return { demonstrationId: existing.rows[0].id, duplicate: true };
    }
    if (row.status !== 'ACTIVE' && row.status !== 'EXPIRED') throw new AppError('CONFLICT', 'This task is no longer yours');
    const { minLength, maxLength, overlap } = readProjectSettings(row.settings).demonstrate;
    const length = input.text.trim().length;
    if (length < minLength) throw new AppError('INVALID_INPUT', `A demonstration is at least ${minLength} characters (this one has ${length})`, { text: [`At least ${minLength} characters`] });
    if (input.text.length > maxLength) throw new AppError('INVALID_INPUT', `A demonstration is at most ${maxLength} characters (this one has ${input.text.length})`, { text: [`At most ${maxLength} characters`] });

    let slot = row.slot;
    if (slot === null) {
      // Lapsed: take a free slot again, under the item lock every slot taker holds.
      await client.query(`SELECT id FROM items WHERE id = $1 FOR UPDATE`, [row.itemId]);
      slot = await firstFreeItemSlot(client, { kind: 'DEMONSTRATE', itemId: row.itemId, overlap });
      if (slot === null) throw new AppError('CONFLICT', 'This item already has all its demonstrations; your text was not saved as one');
    }
    await client.query(`UPDATE assignments SET status = 'SUBMITTED', "submittedAt" = now(), slot = $2, draft = NULL WHERE id = $1`, [input.assignmentId, slot]);
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO demonstrations ("assignmentId", "projectId", "itemId", "userId", text, "durationMs") VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.assignmentId, projectId, row.itemId, userId, input.text, input.activeMs],
    );
    await client.query('COMMIT');
    const id = inserted.rows[0]?.id;
    if (!id) throw new Error('demonstration insert returned no row');
    return { demonstrationId: id, duplicate: false };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
