import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { changedSpan, sameWords } from '@/lib/perturb/changed-span';
import { toFlawCategory, type TSubmitPerturbation } from '@/lib/perturb/schemas';
import { readProjectSettings } from '@/lib/projects/settings';
import { firstFreeItemSlot } from '@/lib/tasks/claim-item-slot-task';

type Result = { perturbationId: string; duplicate: boolean };

/**
 * Submits a perturbation on the labeler's PERTURB assignment (PRODUCT §3.3). The assignment id
 * is the idempotency key: a retried submit returns the first result and changes nothing. A text
 * that is unchanged (or changed only in whitespace) is refused naming `flawedText`; the changed
 * span is computed by diff, never taken from the client. A lapsed assignment may still submit
 * while the item has a free PERTURB slot (PRODUCT §4).
 */
export async function submitPerturbation(options: { userId: string; projectId: string; input: TSubmitPerturbation }): Promise<Result> {
  const { userId, projectId, input } = options;
  const client = await getPgPool().connect();
  try {
    await client.query('BEGIN');
    // Locked first; the perturbation is read by a later statement, so a submit that waited on the
    // lock sees the one its twin committed.
    const { rows } = await client.query<{ status: string; itemId: string; slot: number | null; sourceResponseId: string | null; sourceText: string | null; settings: unknown }>(
      `SELECT a.status, a."itemId", a.slot, a."sourceResponseId", r.text AS "sourceText", p.settings
       FROM assignments a JOIN projects p ON p.id = a."projectId" LEFT JOIN responses r ON r.id = a."sourceResponseId"
       WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'PERTURB'
       FOR UPDATE OF a`,
      [input.assignmentId, userId, projectId],
    );
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'No such task');
    const existing = await client.query<{ id: string }>(`SELECT id FROM perturbations WHERE "assignmentId" = $1`, [input.assignmentId]);
    if (existing.rows[0]) {
      await client.query('COMMIT');
      return { perturbationId: existing.rows[0].id, duplicate: true };
    }
    if (row.status !== 'ACTIVE' && row.status !== 'EXPIRED') throw new AppError('CONFLICT', 'This task is no longer yours');
    if (row.sourceResponseId === null || row.sourceText === null) throw new AppError('CONFLICT', 'The response of this task is gone');
    const span = sameWords(row.sourceText, input.flawedText) ? null : changedSpan(row.sourceText, input.flawedText);
    if (!span) throw new AppError('INVALID_INPUT', 'flawedText: the text is unchanged; plant a flaw by editing it', { flawedText: ['Unchanged: edit the text to plant a flaw'] });

    let slot = row.slot;
    if (slot === null) {
      // Lapsed: take a free slot again, under the item lock every slot taker holds.
      const { overlap } = readProjectSettings(row.settings).perturb;
      await client.query(`SELECT id FROM items WHERE id = $1 FOR UPDATE`, [row.itemId]);
      slot = await firstFreeItemSlot(client, { kind: 'PERTURB', itemId: row.itemId, overlap });
      if (slot === null) throw new AppError('CONFLICT', 'This item already has all its perturbations; yours was not saved');
    }
    await client.query(`UPDATE assignments SET status = 'SUBMITTED', "submittedAt" = now(), slot = $2, draft = NULL WHERE id = $1`, [input.assignmentId, slot]);
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO perturbations ("projectId", "itemId", "responseId", "assignmentId", "authorId", "flawedText", description, category, severity, "missableBecause",
                                  "flawedStart", "flawedEnd", "originalStart", "originalEnd", "durationMs")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::"FlawCategory", $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [projectId, row.itemId, row.sourceResponseId, input.assignmentId, userId, input.flawedText, input.description, toFlawCategory(input.category), input.severity, input.missableBecause,
        span.flawedStart, span.flawedEnd, span.originalStart, span.originalEnd, input.activeMs],
    );
    await client.query('COMMIT');
    const id = inserted.rows[0]?.id;
    if (!id) throw new Error('perturbation insert returned no row');
    return { perturbationId: id, duplicate: false };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
