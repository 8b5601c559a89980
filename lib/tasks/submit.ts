import { escapeLiteral, type PoolClient, type QueryResult } from 'pg';
import { executeSql, withTransaction, type Guard } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { readProjectSettings } from '@/lib/projects/settings';
import type { TaskKindModule, LockedAssignment, SubmitContext } from '@/lib/tasks/kind';
import { isId, lit } from '@/lib/tasks/sql-literal';

type Mark = { assignmentId: string; slot: number | null | undefined; clearDraft: boolean };

/** The mark's statement of one shape: `slot` written or not, the draft cleared or not; $1 the assignment, $2 the slot. */
function markText(writeSlot: boolean, clearDraft: boolean): string {
  return `UPDATE assignments SET status = 'SUBMITTED', "submittedAt" = now()${writeSlot ? ', slot = $2::int' : ''}${clearDraft ? ', draft = NULL' : ''}
      WHERE id = $1::uuid`;
}

const markName = (writeSlot: boolean, clearDraft: boolean) => `submit_mark${writeSlot ? '_slot' : ''}${clearDraft ? '_no_draft' : ''}`;

/** The four shapes, PREPAREd with a hot-path opening (names tx_…) for markSql to EXECUTE. */
const MARK_PREPARED = Object.fromEntries(
  [false, true].flatMap((writeSlot) =>
    [false, true].map((clearDraft) => [`tx_${markName(writeSlot, clearDraft)}`, markText(writeSlot, clearDraft)]),
  ),
);

/** The mark as SQL text for a hot-path round trip (EXECUTE of MARK_PREPARED). */
function markSql(o: Mark): string {
  const writeSlot = o.slot !== undefined;
  const slot = o.slot === null || o.slot === undefined ? 'NULL' : escapeLiteral(String(o.slot));
  return executeSql(MARK_PREPARED, `tx_${markName(writeSlot, o.clearDraft)}`, [lit(o.assignmentId), ...(writeSlot ? [slot] : [])]);
}

/**
 * The assignment marked SUBMITTED; `slot` written unless undefined, the draft cleared when asked.
 * Named statements (planned once per connection), one per shape.
 */
async function markSubmitted(client: PoolClient, o: Mark) {
  const writeSlot = o.slot !== undefined;
  await client.query({
    name: markName(writeSlot, o.clearDraft).replaceAll('_', '-'),
    text: markText(writeSlot, o.clearDraft),
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
 * `guard` (an access check) runs first in the transaction's first round trip.
 */
export async function submitTask<Input extends { assignmentId: string }, Locked extends LockedAssignment, Checked, Result>(
  kind: TaskKindModule<Input, Locked, Checked, Result, unknown>,
  options: { userId: string; projectId: string; input: Input; guard?: Guard },
): Promise<Result> {
  const { userId, projectId, input, guard } = options;
  // Ids go into the opening's SQL text: anything else is no task of theirs (as the lock would find).
  const key = { assignmentId: input.assignmentId, userId, projectId };
  if (kind.submit.opening && ![key.assignmentId, userId, projectId].every(isId)) throw new AppError('NOT_FOUND', 'No such task');
  const opening = kind.submit.opening?.(key);
  // The claim's lock: what the kind balances is counted and filled one submit or claim at a time per labeler.
  const claimLock = `SELECT pg_advisory_xact_lock(4, hashtext(${escapeLiteral(`${projectId}:${userId}`)}))`;
  // Generic plans for the transaction's prepared statements: each connection plans them once.
  const openingSql =
    opening && [...(kind.submit.claimLock ? [claimLock] : []), 'SET LOCAL plan_cache_mode = force_generic_plan', opening.sql].join(';\n');
  // The hot path (a kind with `write`): the mark, the kind's insert and its stats reads in one round trip, the stats write with
  // COMMIT; or, for a kind that read what it needs in the opening (`write` gives no sql), the mark, insert and write with COMMIT.
  const write = opening ? kind.submit.write : undefined;
  const prepared = opening?.prepared && write ? { ...opening.prepared, ...MARK_PREPARED } : opening?.prepared;
  const done = await withTransaction<{ result: Result; closing: string | null }>(
    async (client, opened) => {
      let row: Locked | null;
      let stored: Result | null;
      if (opening) {
        const [lockResult, storedResult, ...more] = opened.slice(kind.submit.claimLock ? 2 : 1);
        if (!lockResult || !storedResult) throw new Error('the submit opening returned too few results');
        ({ row, stored } = opening.read(lockResult, storedResult, more));
        if (!row) throw new AppError('NOT_FOUND', 'No such task');
      } else {
        if (kind.submit.claimLock) await client.query(`SELECT pg_advisory_xact_lock(4, hashtext($1))`, [`${projectId}:${userId}`]);
        row = await kind.submit.lock(client, key);
        if (!row) throw new AppError('NOT_FOUND', 'No such task');
        stored = await kind.submit.stored(client, row);
      }
      if (stored) return { result: stored, closing: null };
      if (row.status !== 'ACTIVE' && row.status !== 'EXPIRED') {
        throw new AppError('CONFLICT', kind.submit.closed?.(row.status) ?? 'This task is no longer yours');
      }
      const ctx: SubmitContext = { client, projectId, userId, settings: readProjectSettings(row.settings) };
      const checked = await kind.submit.validate(ctx, row, input);
      const slot = await kind.submit.slot(ctx, row);
      const mark: Mark = {
        assignmentId: row.id,
        // The slot is written only when it changes: writing the column fires the slot triggers (the
        // overlap check, and the item's slot counter taken off and put back: two rewrites of the item row).
        slot: kind.submit.slotOnAssignment === false ? null : slot !== row.slot ? slot : undefined,
        clearDraft: !kind.submit.keepDraft,
      };
      if (write) {
        const statements = write(ctx, row, input, { slot, checked });
        if (statements.sql === null) {
          // Nothing to read before COMMIT: the mark goes with the kind's closing statements, in COMMIT's round trip.
          const { result, closing } = statements.read([]);
          return { result, closing: closing === null ? markSql(mark) : `${markSql(mark)};\n${closing}` };
        }
        const results = (await client.query(`${markSql(mark)};\n${statements.sql}`)) as unknown as QueryResult[];
        return statements.read(results.slice(1));
      }
      await markSubmitted(client, mark);
      const result = await kind.submit.insert(ctx, row, input, { slot, checked });
      if (kind.submit.after) await kind.submit.after(ctx, row);
      return { result, closing: null };
    },
    { opening: openingSql, prepared, closing: (r) => (r.closing ? { sql: r.closing, read: () => r } : null), guard },
  );
  return done.result;
}
