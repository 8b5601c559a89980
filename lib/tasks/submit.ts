import { escapeLiteral, type PoolClient } from 'pg';
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { readProjectSettings } from '@/lib/projects/settings';
import type { TaskKindModule, LockedAssignment, SubmitContext } from '@/lib/tasks/kind';
import { isId } from '@/lib/tasks/sql-literal';

/**
 * The assignment marked SUBMITTED; `slot` written unless undefined, the draft cleared when asked.
 * Named statements (planned once per connection), one per shape.
 */
async function markSubmitted(client: PoolClient, o: { assignmentId: string; slot: number | null | undefined; clearDraft: boolean }) {
  const writeSlot = o.slot !== undefined;
  await client.query({
    name: `submit-mark${writeSlot ? '-slot' : ''}${o.clearDraft ? '-no-draft' : ''}`,
    text: `UPDATE assignments SET status = 'SUBMITTED', "submittedAt" = now()${writeSlot ? ', slot = $2::int' : ''}${o.clearDraft ? ', draft = NULL' : ''}
      WHERE id = $1`,
    values: writeSlot ? [o.assignmentId, o.slot] : [o.assignmentId],
  });
}

/**
 * The one submit, for any kind, in one transaction: the labeler's assignment of the kind locked
 * FOR UPDATE (and first their claim lock, for a kind that asks); a repeat returns the stored result
 * and writes nothing (the assignment id is the idempotency key; the result is read after the lock,
 * so a submit that waited on its twin sees what the twin committed); the status check (a skipped or
 * released task is no longer theirs); the kind's validation; the slot (kept, or taken again after
 * the lease ran out, or CONFLICT); the assignment marked SUBMITTED; the kind's insert; the stats hook.
 */
export async function submitTask<Input extends { assignmentId: string }, Locked extends LockedAssignment, Checked, Result>(
  kind: TaskKindModule<Input, Locked, Checked, Result, unknown>,
  options: { userId: string; projectId: string; input: Input },
): Promise<Result> {
  const { userId, projectId, input } = options;
  // Ids go into the opening's SQL text: anything else is no task of theirs (as the lock would find).
  const key = { assignmentId: input.assignmentId, userId, projectId };
  if (kind.submit.opening && ![key.assignmentId, userId, projectId].every(isId)) throw new AppError('NOT_FOUND', 'No such task');
  const opening = kind.submit.opening?.(key);
  // The claim's lock: what the kind balances is counted and filled one submit or claim at a time per labeler.
  const claimLock = `SELECT pg_advisory_xact_lock(4, hashtext(${escapeLiteral(`${projectId}:${userId}`)}))`;
  // Generic plans for the transaction's prepared statements: each connection plans them once.
  const openingSql =
    opening && [...(kind.submit.claimLock ? [claimLock] : []), 'SET LOCAL plan_cache_mode = force_generic_plan', opening.sql].join(';\n');
  return withTransaction(
    async (client, opened) => {
      let row: Locked | null;
      let stored: Result | null;
      if (opening) {
        const [lockResult, storedResult] = opened.slice(kind.submit.claimLock ? 2 : 1);
        if (!lockResult || !storedResult) throw new Error('the submit opening returned too few results');
        ({ row, stored } = opening.read(lockResult, storedResult));
        if (!row) throw new AppError('NOT_FOUND', 'No such task');
      } else {
        if (kind.submit.claimLock) await client.query(`SELECT pg_advisory_xact_lock(4, hashtext($1))`, [`${projectId}:${userId}`]);
        row = await kind.submit.lock(client, key);
        if (!row) throw new AppError('NOT_FOUND', 'No such task');
        stored = await kind.submit.stored(client, row);
      }
      if (stored) return stored;
      if (row.status !== 'ACTIVE' && row.status !== 'EXPIRED') {
        throw new AppError('CONFLICT', kind.submit.closed?.(row.status) ?? 'This task is no longer yours');
      }
      const ctx: SubmitContext = { client, projectId, userId, settings: readProjectSettings(row.settings) };
      const checked = await kind.submit.validate(ctx, row, input);
      const slot = await kind.submit.slot(ctx, row);
      await markSubmitted(client, {
        assignmentId: row.id,
        // The slot is written only when it changes: writing the column fires the slot triggers (the
        // overlap check, and the item's slot counter taken off and put back: two rewrites of the item row).
        slot: kind.submit.slotOnAssignment === false ? null : slot !== row.slot ? slot : undefined,
        clearDraft: !kind.submit.keepDraft,
      });
      const result = await kind.submit.insert(ctx, row, input, { slot, checked });
      if (kind.submit.after) await kind.submit.after(ctx, row);
      return result;
    },
    { opening: openingSql, prepared: opening?.prepared },
  );
}
