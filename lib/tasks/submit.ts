import { sql } from 'kysely';
import { escapeLiteral } from 'pg';
import { typed, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { readProjectSettings } from '@/lib/projects/settings';
import type { TaskKindModule, LockedAssignment, SubmitContext } from '@/lib/tasks/kind';
import { isId } from '@/lib/tasks/sql-literal';

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
  const openingSql = opening && kind.submit.claimLock ? `${claimLock};\n${opening.sql}` : opening?.sql;
  return withTransaction(
    async (client, opened) => {
      let row: Locked | null;
      let stored: Result | null;
      if (opening) {
        const [lockResult, storedResult] = kind.submit.claimLock ? opened.slice(1) : opened;
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
      await typed(client)
        .updateTable('assignments')
        .set({
          status: 'SUBMITTED',
          submittedAt: sql<Date>`now()`,
          slot: kind.submit.slotOnAssignment === false ? null : slot,
          ...(kind.submit.keepDraft ? {} : { draft: null }),
        })
        .where('id', '=', row.id)
        .execute();
      const result = await kind.submit.insert(ctx, row, input, { slot, checked });
      if (kind.submit.after) await kind.submit.after(ctx, row);
      return result;
    },
    { opening: openingSql },
  );
}
