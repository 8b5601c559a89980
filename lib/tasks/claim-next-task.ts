import { escapeLiteral, type PoolClient, type QueryResult } from 'pg';
import { getPgPool } from '@/lib/db';
import { routingSql } from '@/lib/pool/routing-sql';
import { readProjectSettings } from '@/lib/projects/settings';

export type ClaimedTask = { projectId: string; assignmentId: string; itemId: string; shownOrder: string[]; leaseExpiresAt: Date; resumed: boolean };

type Options = {
  projectId: string;
  userId: string;
  /** Injected by tests to make the gold draw deterministic; a uniform [0, 1) draw otherwise. */
  random?: () => number;
};

type Assignment = { id: string; itemId: string; shownOrder: string[]; leaseExpiresAt: Date };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A value written into SQL sent with the simple protocol, which takes several statements in one
 * round trip but no parameters: only ids and integers, checked, then quoted by pg.
 */
function lit(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
    return String(value);
  }
  if (!UUID.test(value)) throw new Error(`not an id: ${value}`);
  return escapeLiteral(value);
}

/** Several statements in one round trip (simple protocol); the result of each, in order. */
async function batch(client: PoolClient, sql: string): Promise<QueryResult[]> {
  const results = (await client.query(sql)) as unknown as QueryResult | QueryResult[];
  return Array.isArray(results) ? results : [results];
}

type State = { overlap: number; settings: unknown; live: Assignment | null; expiredDraft: { id: string; itemId: string } | null };

/**
 * One round trip: opens the transaction, takes the (project, labeler) lock so parallel claims of
 * one person cannot make two assignments, then (a new statement, so a new snapshot that sees
 * whatever the lock holder committed) returns every expired slot of the project to the pool
 * (SKIP LOCKED: claimers never wait for one another's clean-up) and reads the project, the
 * labeler's live assignment and their most recent lapsed assignment that holds a draft.
 */
async function beginClaim(client: PoolClient, projectId: string, userId: string): Promise<State | null> {
  const p = lit(projectId);
  const u = lit(userId);
  const results = await batch(
    client,
    `BEGIN;
     SELECT pg_advisory_xact_lock(4, hashtext(${escapeLiteral(`${projectId}:${userId}`)}));
     WITH released AS (
       UPDATE assignments SET status = 'EXPIRED', slot = NULL
       WHERE id IN (SELECT id FROM assignments WHERE "projectId" = ${p} AND status = 'ACTIVE' AND "leaseExpiresAt" < now() FOR UPDATE SKIP LOCKED)
     )
     SELECT p.overlap, p.settings, l.id AS "liveId", l."itemId" AS "liveItemId", l."shownOrder" AS "liveShownOrder", l."leaseExpiresAt" AS "liveLeaseExpiresAt",
            d.id AS "draftId", d."itemId" AS "draftItemId"
     FROM projects p
     LEFT JOIN LATERAL (
       SELECT id, "itemId", "shownOrder", "leaseExpiresAt" FROM assignments
       WHERE "projectId" = p.id AND "userId" = ${u} AND kind = 'RANK' AND status = 'ACTIVE' AND "leaseExpiresAt" >= now() LIMIT 1
     ) l ON true
     LEFT JOIN LATERAL (
       -- Lapsed: already EXPIRED, or ACTIVE with its lease run out (released by this very statement).
       SELECT id, "itemId" FROM assignments
       WHERE "projectId" = p.id AND "userId" = ${u} AND kind = 'RANK' AND draft IS NOT NULL
         AND (status = 'EXPIRED' OR (status = 'ACTIVE' AND "leaseExpiresAt" < now()))
       ORDER BY "draftSavedAt" DESC NULLS LAST LIMIT 1
     ) d ON true
     WHERE p.id = ${p}`,
  );
  const row = results[2]?.rows[0] as
    | { overlap: number; settings: unknown; liveId: string | null; liveItemId: string; liveShownOrder: string[]; liveLeaseExpiresAt: Date; draftId: string | null; draftItemId: string }
    | undefined;
  if (!row) return null;
  return {
    overlap: row.overlap,
    settings: row.settings,
    live: row.liveId ? { id: row.liveId, itemId: row.liveItemId, shownOrder: row.liveShownOrder, leaseExpiresAt: row.liveLeaseExpiresAt } : null,
    expiredDraft: row.draftId ? { id: row.draftId, itemId: row.draftItemId } : null,
  };
}

/** The lapsed draft's assignment renewed with a fresh lease and slot when its item has room (item locked); null otherwise. */
async function renewExpiredDraft(client: PoolClient, expired: { id: string; itemId: string }, o: { overlap: number; leaseMinutes: number }): Promise<Assignment | null> {
  const locked = await client.query(`SELECT id FROM items WHERE id = $1 FOR UPDATE SKIP LOCKED`, [expired.itemId]);
  if (!locked.rows[0]) return null;
  const slot = await firstFreeSlot(client, expired.itemId, o.overlap);
  if (slot === null) return null;
  const { rows } = await client.query<Assignment>(
    `UPDATE assignments SET status = 'ACTIVE', slot = $2, "leaseExpiresAt" = now() + make_interval(mins => $3)
     WHERE id = $1 RETURNING id, "itemId", "shownOrder", "leaseExpiresAt"`,
    [expired.id, slot, o.leaseMinutes],
  );
  return rows[0] ?? null;
}

/**
 * The first item open to the labeler among gold or other items, in the order of the index
 * (projectId, isGold, rankSlotsTaken DESC, priority DESC, createdAt): fullest first, so items in
 * progress before untouched ones, then priority and age. Locked, SKIP LOCKED.
 */
function stage(gold: boolean): string {
  // Open to this labeler: not judged, skipped or held by them; no response of theirs; their profile
  // meets the item's and the project's requirements (lib/pool/routing-sql.ts). The slot
  // counter is re-checked on the locked row (READ COMMITTED re-evaluates it on the newest version).
  return `SELECT id FROM (
      SELECT i.id FROM items i
      WHERE i."projectId" = $1 AND i."isGold" = ${gold} AND i."rankSlotsTaken" < $2
        AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = i.id AND mine."userId" = $3 AND mine.kind = 'RANK' AND mine.status <> 'EXPIRED')
        AND NOT EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = i.id AND r."authorId" = $3)
        AND i.id <> ALL($4::uuid[])
        AND ${routingSql({ item: 'i', user: '$3', project: '$1' })}
      ORDER BY i."rankSlotsTaken" DESC, i.priority DESC, i."createdAt"
      LIMIT 1
      FOR UPDATE OF i SKIP LOCKED) s`;
}

// UNION ALL under LIMIT 1 runs the second stage only when the first found nothing: one round trip.
const PICK_GOLD_FIRST = `${stage(true)} UNION ALL ${stage(false)} LIMIT 1`;
const PICK_GOLD_LAST = `${stage(false)} UNION ALL ${stage(true)} LIMIT 1`;

/** The lowest slot of the item nobody holds, read fresh; null when the item is full. */
export async function firstFreeSlot(client: PoolClient, itemId: string, overlap: number): Promise<number | null> {
  const { rows } = await client.query<{ slot: number }>(
    `SELECT s AS slot FROM generate_series(0, $2::int - 1) s
     WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = $1 AND a.kind = 'RANK' AND a.slot = s)
     ORDER BY s LIMIT 1`,
    [itemId, overlap],
  );
  return rows[0]?.slot ?? null;
}

/**
 * One round trip: the assignment on the locked item, in its first free slot (a new statement:
 * every slot taker locks the item first, so this sees them all), responses in a shuffled order,
 * then COMMIT. An expired assignment of this labeler on the item is renewed in place (the item
 * is still theirs to do once). No row when the item turned out full (committed all the same).
 */
async function insertAndCommit(client: PoolClient, o: { projectId: string; userId: string; itemId: string; overlap: number; leaseMinutes: number; taxonomyVersion: number }) {
  const item = lit(o.itemId);
  const results = await batch(
    client,
    `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot)
     SELECT ${lit(o.projectId)}, ${item}, ${lit(o.userId)}, 'RANK', 'ACTIVE', now() + make_interval(mins => ${lit(o.leaseMinutes)}),
            ARRAY(SELECT r.id::text FROM responses r WHERE r."itemId" = ${item} ORDER BY random()), ${lit(o.taxonomyVersion)}, free.s
     FROM (SELECT s FROM generate_series(0, ${lit(o.overlap)} - 1) s
           WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = ${item} AND a.kind = 'RANK' AND a.slot = s)
           ORDER BY s LIMIT 1) free
     ON CONFLICT ("itemId", "userId", kind) DO UPDATE
       SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot
     RETURNING id, "leaseExpiresAt", "shownOrder";
     COMMIT;`,
  );
  return results[0]?.rows[0] as { id: string; leaseExpiresAt: Date; shownOrder: string[] } | undefined;
}

/**
 * One attempt, in one transaction of three round trips in the usual case (begin + state, pick,
 * insert + commit). `done: false` when the picked item had filled up: the caller tries again.
 */
async function attempt(client: PoolClient, options: Options, full: string[]): Promise<{ done: true; task: ClaimedTask | null } | { done: false; full: string }> {
  const { projectId, userId } = options;
  const state = await beginClaim(client, projectId, userId);
  if (!state) throw new Error(`No project ${projectId}`);
  if (state.live) {
    await client.query('COMMIT');
    return { done: true, task: { projectId, assignmentId: state.live.id, itemId: state.live.itemId, shownOrder: state.live.shownOrder, leaseExpiresAt: state.live.leaseExpiresAt, resumed: true } };
  }
  const settings = readProjectSettings(state.settings);
  // Work the labeler started and let expire (a closed laptop) comes back to them while the item has room.
  if (state.expiredDraft) {
    const renewed = await renewExpiredDraft(client, state.expiredDraft, { overlap: state.overlap, leaseMinutes: settings.leaseMinutes });
    if (renewed) {
      await client.query('COMMIT');
      return { done: true, task: { projectId, assignmentId: renewed.id, itemId: renewed.itemId, shownOrder: renewed.shownOrder, leaseExpiresAt: renewed.leaseExpiresAt, resumed: true } };
    }
  }
  const preferGold = (options.random ?? Math.random)() < settings.goldRate;
  // Named, so each connection plans it once (planning costs more than running it).
  const picked = await client.query<{ id: string }>({
    name: preferGold ? 'claim-pick-gold-first' : 'claim-pick-gold-last',
    text: preferGold ? PICK_GOLD_FIRST : PICK_GOLD_LAST,
    values: [projectId, state.overlap, userId, full],
  });
  const itemId = picked.rows[0]?.id;
  if (!itemId) {
    await client.query('COMMIT');
    return { done: true, task: null };
  }
  const saved = await insertAndCommit(client, { projectId, userId, itemId, overlap: state.overlap, leaseMinutes: settings.leaseMinutes, taxonomyVersion: settings.taxonomyVersion });
  if (!saved) return { done: false, full: itemId };
  return { done: true, task: { projectId, assignmentId: saved.id, itemId, shownOrder: saved.shownOrder, leaseExpiresAt: saved.leaseExpiresAt, resumed: false } };
}

/**
 * The next item for the labeler, under PRODUCT §4: their live assignment first; then, with
 * probability goldRate, a gold item; then items already in progress (fewest open slots first);
 * then priority and age. The item row is locked (SKIP LOCKED, so claimers never queue on one
 * another) and the first free slot taken; the unique (item, kind, slot) index and the overlap
 * trigger make an over-filled item impossible whatever happens here. Null when nothing is left.
 */
export async function claimNextTask(options: Options): Promise<ClaimedTask | null> {
  const client = await getPgPool().connect();
  try {
    // The counters say an item has room and its locked row agrees, so a full item here would take
    // a counter out of step with the slots; a few tries, then "nothing now".
    const full: string[] = [];
    for (let tries = 0; tries < 8; tries++) {
      const outcome = await attempt(client, options, full);
      if (outcome.done) return outcome.task;
      full.push(outcome.full);
    }
    return null;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
