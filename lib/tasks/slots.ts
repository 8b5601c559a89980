import { sql } from 'kysely';
import type { PoolClient } from 'pg';
import { typed } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { AssignmentRow, ClaimContext } from '@/lib/tasks/kind';

/** The kinds whose assignments hold one of an item's slots (unique (item, kind, slot); the slot trigger bounds them by the kind's overlap). */
export type SlotKind = 'RANK' | 'DEMONSTRATE' | 'PERTURB' | 'STEPS';

/**
 * The SQL of the lowest slot of `kind` on the item nobody holds, below the overlap (both SQL
 * expressions: parameters or literals); no row when the item is full. The one copy of this rule:
 * claims, renewals and late submits of every slot kind use it, with the item row locked.
 */
export function freeSlotSql(kind: SlotKind, item: string, overlap: string, except?: string): string {
  const others = except ? ` AND a.id <> ${except}` : '';
  return `SELECT s FROM generate_series(0, ${overlap}::int - 1) s
     WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = ${item} AND a.kind = '${kind}' AND a.slot = s${others})
     ORDER BY s LIMIT 1`;
}

/**
 * The row every slot taker of `kind` locks FOR UPDATE before it reads the item's free slots (one
 * lock per item and kind, so two takers never read the same slot free): RANK locks the item's
 * item_slots row (the claim's pick locks it, and a claim writes nothing to items), the other slot
 * kinds the items row. `item` is a SQL expression (a parameter).
 */
export function lockItemSql(kind: SlotKind, item: string, skipLocked: boolean): string {
  const lock = skipLocked ? 'FOR UPDATE SKIP LOCKED' : 'FOR UPDATE';
  return kind === 'RANK'
    ? `SELECT "itemId" AS id FROM item_slots WHERE "itemId" = ${item} ${lock}`
    : `SELECT id FROM items WHERE id = ${item} ${lock}`;
}

/** The lowest free slot of `kind` on the item, read fresh; null when the item is full. Call with the item locked (lockItemSql). */
export async function firstFreeSlot(client: PoolClient, o: { kind: SlotKind; itemId: string; overlap: number }): Promise<number | null> {
  const { rows } = await client.query<{ s: number }>(freeSlotSql(o.kind, '$1', '$2'), [o.itemId, o.overlap]);
  return rows[0]?.s ?? null;
}

/**
 * The default `resume` of a slot kind: the labeler's lapsed draft comes back (as it was) with a
 * fresh lease while its item has a free slot (item locked SKIP LOCKED, lockItemSql: claimers never queue).
 */
export async function resumeLapsedDraft(ctx: ClaimContext, o: { kind: SlotKind; overlap: number }): Promise<AssignmentRow | null> {
  const lapsed = ctx.lapsedDraft;
  if (!lapsed) return null;
  const { client } = ctx;
  const db = typed(client);
  const locked = await client.query(lockItemSql(o.kind, '$1::uuid', true), [lapsed.itemId]);
  if (locked.rowCount === 0) return null;
  const slot = await firstFreeSlot(client, { kind: o.kind, itemId: lapsed.itemId, overlap: o.overlap });
  if (slot === null) return null;
  const row = await db
    .updateTable('assignments')
    .set({ status: 'ACTIVE', slot, leaseExpiresAt: sql<Date>`now() + make_interval(mins => ${ctx.settings.leaseMinutes})` })
    .where('id', '=', lapsed.id)
    .returning(['id', 'itemId', 'kind', 'leaseExpiresAt', 'shownOrder'])
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The claim of a new assignment for the slot kinds: the first open item (`pick`, locked FOR
 * UPDATE SKIP LOCKED, not in the skip list) and the kind's insert on its first free slot. The
 * pick's counts say the item has room and its locked row agrees, so a full item here is rare; it
 * is skipped, a few times, then "nothing now". `take` does pick and insert in one round trip (two
 * statements: the insert, a statement of its own, sees every slot taker that committed before the
 * pick locked the item) and says which item it picked (null: none open) and the row (null: full).
 * A `take` that also sent the claim's finish (ctx.finish, with COMMIT) ended the transaction: a full
 * item is then left to a new claim (ctx.finish.skip), which leaves out the items in ctx.skip.
 */
export async function claimOpenItem(
  ctx: ClaimContext,
  o:
    | { pick: (skip: string[]) => Promise<string | null>; insert: (itemId: string) => Promise<AssignmentRow | null> }
    | { take: (skip: string[]) => Promise<{ itemId: string | null; row: AssignmentRow | null }> },
): Promise<AssignmentRow | null> {
  const skip: string[] = [...(ctx.skip ?? [])];
  for (let tries = 0; tries < 8; tries++) {
    let itemId: string | null;
    let row: AssignmentRow | null;
    if ('take' in o) ({ itemId, row } = await o.take(skip));
    else {
      itemId = await o.pick(skip);
      row = itemId ? await o.insert(itemId) : null;
    }
    if (!itemId) return null;
    if (row) return row;
    skip.push(itemId);
    if (ctx.finish?.results) {
      ctx.finish.skip = skip;
      return null;
    }
  }
  return null;
}

/**
 * The slot a submit of a slot kind holds: its own, or — when it has none (its lease ran out and
 * the slot went back to the pool), or `lapsed` says it may lose it any moment — the item's first
 * free slot again, its own counting as free (item locked as every slot taker does, lockItemSql); CONFLICT with
 * `full` when the item filled up meanwhile. The caller writes the slot (submitTask: only when it
 * changed, since writing the column fires the slot triggers).
 */
export async function retakeItemSlot(
  client: PoolClient,
  o: { kind: SlotKind; assignmentId: string; itemId: string; slot: number | null; lapsed: boolean; overlap: number; full: string },
): Promise<number> {
  if (o.slot !== null && !o.lapsed) return o.slot;
  // Ours may have been released (or be about to be): hold one again only if the item is not full.
  await client.query(lockItemSql(o.kind, '$1::uuid', false), [o.itemId]);
  const { rows } = await client.query<{ s: number }>(freeSlotSql(o.kind, '$1', '$2', '$3::uuid'), [o.itemId, o.overlap, o.assignmentId]);
  const slot = rows[0]?.s ?? null;
  if (slot === null) throw new AppError('CONFLICT', o.full);
  return slot;
}
