import { randomInt } from 'node:crypto';
import type { PoolClient } from 'pg';
import { getPgPool } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';

export type ClaimedTask = { projectId: string; assignmentId: string; itemId: string; shownOrder: string[]; leaseExpiresAt: Date; resumed: boolean };

type Options = {
  projectId: string;
  userId: string;
  /** Injected by tests to make the gold draw deterministic; a uniform [0, 1) draw otherwise. */
  random?: () => number;
};

function shuffle<T>(values: T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Returns every expired, unsubmitted slot of the project to the pool. */
async function releaseExpired(client: PoolClient, projectId: string): Promise<void> {
  await client.query(
    `UPDATE assignments SET status = 'EXPIRED', slot = NULL
     WHERE "projectId" = $1 AND status = 'ACTIVE' AND "leaseExpiresAt" < now()`,
    [projectId],
  );
}

/** The labeler's live assignment in the project, if any. */
async function activeAssignment(client: PoolClient, projectId: string, userId: string) {
  const { rows } = await client.query<{ id: string; itemId: string; shownOrder: string[]; leaseExpiresAt: Date }>(
    `SELECT id, "itemId", "shownOrder", "leaseExpiresAt" FROM assignments
     WHERE "projectId" = $1 AND "userId" = $2 AND kind = 'RANK' AND status = 'ACTIVE' AND "leaseExpiresAt" >= now()
     LIMIT 1`,
    [projectId, userId],
  );
  return rows[0];
}

/**
 * The labeler's most recent expired, unsubmitted assignment that holds a draft, renewed with a
 * fresh lease and slot when its item still has a free slot (item row locked); null otherwise.
 */
async function renewExpiredDraft(client: PoolClient, o: { projectId: string; userId: string; overlap: number; leaseMinutes: number }) {
  const { rows } = await client.query<{ id: string; itemId: string }>(
    `SELECT a.id, a."itemId" FROM assignments a
     WHERE a."projectId" = $1 AND a."userId" = $2 AND a.kind = 'RANK' AND a.status = 'EXPIRED' AND a.draft IS NOT NULL
     ORDER BY a."draftSavedAt" DESC NULLS LAST LIMIT 1`,
    [o.projectId, o.userId],
  );
  const expired = rows[0];
  if (!expired) return null;
  const locked = await client.query(`SELECT id FROM items WHERE id = $1 FOR UPDATE SKIP LOCKED`, [expired.itemId]);
  if (!locked.rows[0]) return null;
  const slot = await firstFreeSlot(client, expired.itemId, o.overlap);
  if (slot === null) return null;
  const { rows: renewed } = await client.query<{ id: string; itemId: string; shownOrder: string[]; leaseExpiresAt: Date }>(
    `UPDATE assignments SET status = 'ACTIVE', slot = $2, "leaseExpiresAt" = now() + make_interval(mins => $3)
     WHERE id = $1 RETURNING id, "itemId", "shownOrder", "leaseExpiresAt"`,
    [expired.id, slot, o.leaseMinutes],
  );
  const a = renewed[0];
  return a ? { assignmentId: a.id, itemId: a.itemId, shownOrder: a.shownOrder, leaseExpiresAt: a.leaseExpiresAt } : null;
}

type PickOptions = { projectId: string; userId: string; overlap: number; preferGold: boolean; exclude: string[] };

/** The first item of one stage of the order that is open to the labeler, locked (SKIP LOCKED). */
async function pickFrom(client: PoolClient, o: PickOptions, where: string, orderBy: string): Promise<string | null> {
  // Open to this labeler: not judged, skipped or held by them; no response of theirs. The slot
  // counter is re-checked on the locked row, so a pick is never stale.
  const { rows } = await client.query<{ id: string }>(
    `SELECT i.id FROM items i
     WHERE i."projectId" = $1 AND i."rankSlotsTaken" < $2 AND ${where}
       AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = i.id AND mine."userId" = $3 AND mine.kind = 'RANK' AND mine.status <> 'EXPIRED')
       AND NOT EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = i.id AND r."authorId" = $3)
       AND i.id <> ALL($4::uuid[])
     ORDER BY ${orderBy}
     LIMIT 1
     FOR UPDATE OF i SKIP LOCKED`,
    [o.projectId, o.overlap, o.userId, o.exclude],
  );
  return rows[0]?.id ?? null;
}

/**
 * The best open item under PRODUCT §4, in stages that each read an index in order (no sort of
 * the whole project): gold when the draw says so; items in progress, fullest first; untouched
 * items by priority and age; and, when the draw said "not gold" and nothing else is left, gold.
 */
async function pickItem(client: PoolClient, o: PickOptions): Promise<string | null> {
  const stages: [string, string][] = [
    ...(o.preferGold ? ([[`i."isGold"`, `i."rankSlotsTaken" DESC, i.priority DESC, i."createdAt", i.id`]] as [string, string][]) : []),
    [`i."rankSlotsTaken" > 0 AND NOT i."isGold"`, `i."rankSlotsTaken" DESC, i.priority DESC, i."createdAt", i.id`],
    [`i."rankSlotsTaken" = 0 AND NOT i."isGold"`, `i."rankSlotsTaken", i.priority DESC, i."createdAt", i.id`],
    ...(o.preferGold ? [] : ([[`i."isGold"`, `i."rankSlotsTaken" DESC, i.priority DESC, i."createdAt", i.id`]] as [string, string][])),
  ];
  for (const [where, orderBy] of stages) {
    const id = await pickFrom(client, o, where, orderBy);
    if (id) return id;
  }
  return null;
}

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
 * The next item for the labeler, under PRODUCT §4: their live assignment first; then, with
 * probability goldRate, a gold item; then items already in progress (fewest open slots first);
 * then priority and age. The item row is locked (SKIP LOCKED, so claimers never queue on one
 * another) and the first free slot taken; the unique (item, kind, slot) index and the overlap
 * trigger make an over-filled item impossible whatever happens here. Null when nothing is left.
 */
export async function claimNextTask(options: Options): Promise<ClaimedTask | null> {
  const { projectId, userId } = options;
  const client = await getPgPool().connect();
  try {
    await client.query('BEGIN');
    // One claim at a time per labeler and project: a double click cannot create two assignments.
    await client.query('SELECT pg_advisory_xact_lock(4, hashtext($1))', [`${projectId}:${userId}`]);
    const live = await activeAssignment(client, projectId, userId);
    if (live) {
      await client.query('COMMIT');
      return { projectId, assignmentId: live.id, itemId: live.itemId, shownOrder: live.shownOrder, leaseExpiresAt: live.leaseExpiresAt, resumed: true };
    }
    await releaseExpired(client, projectId);
    const project = await client.query<{ overlap: number; settings: unknown }>(`SELECT overlap, settings FROM projects WHERE id = $1`, [projectId]);
    const row = project.rows[0];
    if (!row) throw new Error(`No project ${projectId}`);
    const settings = readProjectSettings(row.settings);

    // Work the labeler started and let expire (a closed laptop) comes back to them while the item has room.
    const resumed = await renewExpiredDraft(client, { projectId, userId, overlap: row.overlap, leaseMinutes: settings.leaseMinutes });
    if (resumed) {
      await client.query('COMMIT');
      return { projectId, ...resumed, resumed: true };
    }
    const preferGold = (options.random ?? Math.random)() < settings.goldRate;

    // The fill counts come from the pick's snapshot; an item filled by a claim that committed
    // just before we locked it has no free slot, so pick again (a few times, then "nothing now").
    const full: string[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const itemId = await pickItem(client, { projectId, userId, overlap: row.overlap, preferGold, exclude: full });
      if (!itemId) break;
      const slot = await firstFreeSlot(client, itemId, row.overlap);
      if (slot === null) {
        full.push(itemId);
        continue;
      }
      const { rows: responses } = await client.query<{ id: string }>(`SELECT id FROM responses WHERE "itemId" = $1`, [itemId]);
      // An expired assignment of this labeler on the item is renewed in place (the item is still theirs to do once).
      const { rows: saved } = await client.query<{ id: string; leaseExpiresAt: Date; shownOrder: string[] }>(
        `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot)
         VALUES ($1, $2, $3, 'RANK', 'ACTIVE', now() + make_interval(mins => $4), $5, $6, $7)
         ON CONFLICT ("itemId", "userId", kind) DO UPDATE
           SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot
         RETURNING id, "leaseExpiresAt", "shownOrder"`,
        [projectId, itemId, userId, settings.leaseMinutes, shuffle(responses.map((r) => r.id)), settings.taxonomyVersion, slot],
      );
      await client.query('COMMIT');
      const assignment = saved[0];
      if (!assignment) throw new Error('assignment was not saved');
      return { projectId, assignmentId: assignment.id, itemId, shownOrder: assignment.shownOrder, leaseExpiresAt: assignment.leaseExpiresAt, resumed: false };
    }
    await client.query('COMMIT');
    return null;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
