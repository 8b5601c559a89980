import type { PoolClient } from 'pg';
import type { TaskKind } from '@/generated/prisma/enums';
import { getPgPool } from '@/lib/db';
import { routingSql } from '@/lib/pool/routing-sql';
import { readProjectSettings } from '@/lib/projects/settings';

/** An assignment handed out by a claim; `kind` says which screen does it. */
export type ClaimedAssignment = { kind: TaskKind; projectId: string; assignmentId: string; itemId: string; leaseExpiresAt: Date; resumed: boolean };

type Row = { id: string; itemId: string; kind: TaskKind; leaseExpiresAt: Date };

/** The lowest DEMONSTRATE slot of the item nobody holds; null when the item has its demonstrations. */
async function firstFreeSlot(client: PoolClient, itemId: string, overlap: number): Promise<number | null> {
  const { rows } = await client.query<{ slot: number }>(
    `SELECT s AS slot FROM generate_series(0, $2::int - 1) s
     WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = $1 AND a.kind = 'DEMONSTRATE' AND a.slot = s)
     ORDER BY s LIMIT 1`,
    [itemId, overlap],
  );
  return rows[0]?.slot ?? null;
}

// Open to this labeler: not demonstrated, skipped or held by them; no response of theirs on it;
// fewer held slots than the demonstration overlap (re-checked below on the locked row's slots);
// their profile meets the routing requirements (lib/pool/routing-sql.ts).
// Items in progress first, then priority and age.
const PICK = `SELECT i.id FROM items i
  WHERE i."projectId" = $1
    AND (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'DEMONSTRATE' AND a.slot IS NOT NULL) < $2
    AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = i.id AND mine."userId" = $3 AND mine.kind = 'DEMONSTRATE' AND mine.status <> 'EXPIRED')
    AND NOT EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = i.id AND r."authorId" = $3)
    AND i.id <> ALL($4::uuid[])
    AND ${routingSql({ item: 'i', user: '$3', project: '$1' })}
  ORDER BY (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'DEMONSTRATE' AND a.slot IS NOT NULL) DESC, i.priority DESC, i."createdAt"
  LIMIT 1
  FOR UPDATE OF i SKIP LOCKED`;

async function claimInTransaction(client: PoolClient, projectId: string, userId: string): Promise<ClaimedAssignment | null> {
  // The same lock as claim-next-task: one claim at a time per (project, labeler), whatever the kind.
  await client.query(`SELECT pg_advisory_xact_lock(4, hashtext($1))`, [`${projectId}:${userId}`]);
  await client.query(
    `UPDATE assignments SET status = 'EXPIRED', slot = NULL
     WHERE id IN (SELECT id FROM assignments WHERE "projectId" = $1 AND status = 'ACTIVE' AND "leaseExpiresAt" < now() FOR UPDATE SKIP LOCKED)`,
    [projectId],
  );
  const project = await client.query<{ settings: unknown }>(`SELECT settings FROM projects WHERE id = $1`, [projectId]);
  if (!project.rows[0]) throw new Error(`No project ${projectId}`);
  const settings = readProjectSettings(project.rows[0].settings);
  const { overlap } = settings.demonstrate;

  // The labeler's live assignment of any kind: at most one per project across kinds.
  const live = await client.query<Row>(
    `SELECT id, "itemId", kind, "leaseExpiresAt" FROM assignments
     WHERE "projectId" = $1 AND "userId" = $2 AND status = 'ACTIVE' AND "leaseExpiresAt" >= now() ORDER BY "createdAt" LIMIT 1`,
    [projectId, userId],
  );
  if (live.rows[0]) return toClaimed(projectId, live.rows[0], true);

  // A lapsed demonstration draft comes back while its item has room.
  const lapsed = await client.query<{ id: string; itemId: string }>(
    `SELECT id, "itemId" FROM assignments WHERE "projectId" = $1 AND "userId" = $2 AND kind = 'DEMONSTRATE' AND status = 'EXPIRED' AND draft IS NOT NULL
     ORDER BY "draftSavedAt" DESC NULLS LAST LIMIT 1`,
    [projectId, userId],
  );
  const expired = lapsed.rows[0];
  if (expired) {
    const locked = await client.query(`SELECT id FROM items WHERE id = $1 FOR UPDATE SKIP LOCKED`, [expired.itemId]);
    const slot = locked.rows[0] ? await firstFreeSlot(client, expired.itemId, overlap) : null;
    if (slot !== null) {
      const { rows } = await client.query<Row>(
        `UPDATE assignments SET status = 'ACTIVE', slot = $2, "leaseExpiresAt" = now() + make_interval(mins => $3)
         WHERE id = $1 RETURNING id, "itemId", kind, "leaseExpiresAt"`,
        [expired.id, slot, settings.leaseMinutes],
      );
      if (rows[0]) return toClaimed(projectId, rows[0], true);
    }
  }

  const full: string[] = [];
  for (let tries = 0; tries < 8; tries++) {
    const picked = await client.query<{ id: string }>(PICK, [projectId, overlap, userId, full]);
    const itemId = picked.rows[0]?.id;
    if (!itemId) return null;
    const slot = await firstFreeSlot(client, itemId, overlap);
    if (slot === null) {
      full.push(itemId);
      continue;
    }
    // An expired assignment of this labeler on the item (no draft) is renewed in place.
    const { rows } = await client.query<Row>(
      `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot)
       VALUES ($1, $2, $3, 'DEMONSTRATE', 'ACTIVE', now() + make_interval(mins => $4),
               ARRAY(SELECT r.id::text FROM responses r WHERE r."itemId" = $2 ORDER BY random()), $5, $6)
       ON CONFLICT ("itemId", "userId", kind) DO UPDATE SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot
       RETURNING id, "itemId", kind, "leaseExpiresAt"`,
      [projectId, itemId, userId, settings.leaseMinutes, settings.taxonomyVersion, slot],
    );
    if (rows[0]) return toClaimed(projectId, rows[0], false);
  }
  return null;
}

function toClaimed(projectId: string, row: Row, resumed: boolean): ClaimedAssignment {
  return { kind: row.kind, projectId, assignmentId: row.id, itemId: row.itemId, leaseExpiresAt: row.leaseExpiresAt, resumed };
}

/**
 * The next demonstration for the labeler, with ranking's guarantees (PRODUCT §4): their live
 * assignment of ANY kind first (returned as is, so the caller sees its kind); then a lapsed
 * demonstration draft; then an item with a free demonstration slot, locked SKIP LOCKED. The
 * unique (item, kind, slot) index and the slot trigger (demonstrate.overlap) make over-filling
 * impossible. Null when nothing is left.
 */
export async function claimDemonstrationTask(options: { projectId: string; userId: string }): Promise<ClaimedAssignment | null> {
  const client = await getPgPool().connect();
  try {
    await client.query('BEGIN');
    const claimed = await claimInTransaction(client, options.projectId, options.userId);
    await client.query('COMMIT');
    return claimed;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
