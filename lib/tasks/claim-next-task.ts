import { randomInt } from 'node:crypto';
import type { PoolClient } from 'pg';
import { getPgPool } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';

export type ClaimedTask = { assignmentId: string; itemId: string; shownOrder: string[]; leaseExpiresAt: Date; resumed: boolean };

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
      return { assignmentId: live.id, itemId: live.itemId, shownOrder: live.shownOrder, leaseExpiresAt: live.leaseExpiresAt, resumed: true };
    }
    await releaseExpired(client, projectId);
    const project = await client.query<{ overlap: number; settings: unknown }>(`SELECT overlap, settings FROM projects WHERE id = $1`, [projectId]);
    const row = project.rows[0];
    if (!row) throw new Error(`No project ${projectId}`);
    const settings = readProjectSettings(row.settings);
    const preferGold = (options.random ?? Math.random)() < settings.goldRate;

    // Open items for this labeler: not judged, skipped or held by them; no response of theirs; a free slot.
    const { rows: picked } = await client.query<{ id: string }>(
      `SELECT i.id FROM items i
       LEFT JOIN LATERAL (SELECT count(*)::int AS taken FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'RANK' AND a.slot IS NOT NULL) f ON true
       WHERE i."projectId" = $1
         AND f.taken < $2
         AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = i.id AND mine."userId" = $3 AND mine.kind = 'RANK' AND mine.status <> 'EXPIRED')
         AND NOT EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = i.id AND r."authorId" = $3)
       ORDER BY (i."isGold" = $4) DESC, (f.taken > 0) DESC, ($2 - f.taken) ASC, i.priority DESC, i."createdAt" ASC, i.id
       LIMIT 1
       FOR UPDATE OF i SKIP LOCKED`,
      [projectId, row.overlap, userId, preferGold],
    );
    const itemId = picked[0]?.id;
    if (!itemId) {
      await client.query('COMMIT');
      return null;
    }
    const { rows: free } = await client.query<{ slot: number }>(
      `SELECT s AS slot FROM generate_series(0, $2::int - 1) s
       WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = $1 AND a.kind = 'RANK' AND a.slot = s)
       ORDER BY s LIMIT 1`,
      [itemId, row.overlap],
    );
    const slot = free[0]?.slot;
    if (slot === undefined) throw new Error(`item ${itemId} had no free slot under its lock`);
    const { rows: responses } = await client.query<{ id: string }>(`SELECT id FROM responses WHERE "itemId" = $1`, [itemId]);
    const shownOrder = shuffle(responses.map((r) => r.id));
    // An expired assignment of this labeler on the item is renewed in place (the item is still theirs to do once).
    const { rows: saved } = await client.query<{ id: string; leaseExpiresAt: Date; shownOrder: string[] }>(
      `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot)
       VALUES ($1, $2, $3, 'RANK', 'ACTIVE', now() + make_interval(mins => $4), $5, $6, $7)
       ON CONFLICT ("itemId", "userId", kind) DO UPDATE
         SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot
       RETURNING id, "leaseExpiresAt", "shownOrder"`,
      [projectId, itemId, userId, settings.leaseMinutes, shownOrder, settings.taxonomyVersion, slot],
    );
    await client.query('COMMIT');
    const assignment = saved[0];
    if (!assignment) throw new Error('assignment was not saved');
    return { assignmentId: assignment.id, itemId, shownOrder: assignment.shownOrder, leaseExpiresAt: assignment.leaseExpiresAt, resumed: false };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
