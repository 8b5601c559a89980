import type { PoolClient } from 'pg';
import type { TaskKind } from '@/generated/prisma/enums';
import { getPgPool } from '@/lib/db';
import { readProjectSettings, type TProjectSettings } from '@/lib/projects/settings';

/** An assignment handed out by a claim; `kind` says which screen does it. */
export type ClaimedAssignment = { kind: TaskKind; projectId: string; assignmentId: string; itemId: string; leaseExpiresAt: Date; resumed: boolean };

/** The kinds whose assignments hold one of an item's slots, bounded by their own overlap setting (the slot trigger reads it too). */
export type ItemSlotKind = 'DEMONSTRATE' | 'PERTURB';

type Row = { id: string; itemId: string; kind: TaskKind; leaseExpiresAt: Date };

/** What a kind adds to the shared claim: which items are open to the labeler, and the insert. */
export type ItemSlotClaim = {
  kind: ItemSlotKind;
  overlap: (settings: TProjectSettings) => number;
  /**
   * The next open item for the labeler, locked FOR UPDATE SKIP LOCKED, not in `skip`; null when
   * none is left. The count of held slots below the overlap is re-checked on the locked row.
   */
  pick: (client: PoolClient, o: { projectId: string; userId: string; overlap: number; skip: string[]; settings: TProjectSettings }) => Promise<string | null>;
  /**
   * Inserts (or renews in place) the labeler's assignment holding `slot` of the locked item;
   * null when the item turns out to have nothing for this labeler (it is skipped).
   */
  insert: (client: PoolClient, o: { projectId: string; userId: string; itemId: string; slot: number; settings: TProjectSettings }) => Promise<Row | null>;
};

/** The lowest slot of `kind` on the item nobody holds, below `overlap`; null when the item is full. Call with the item row locked. */
export async function firstFreeItemSlot(client: PoolClient, o: { kind: ItemSlotKind; itemId: string; overlap: number }): Promise<number | null> {
  const { rows } = await client.query<{ slot: number }>(
    `SELECT s AS slot FROM generate_series(0, $2::int - 1) s
     WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = $1 AND a.kind = $3::"TaskKind" AND a.slot = s)
     ORDER BY s LIMIT 1`,
    [o.itemId, o.overlap, o.kind],
  );
  return rows[0]?.slot ?? null;
}

async function claimInTransaction(client: PoolClient, spec: ItemSlotClaim, projectId: string, userId: string): Promise<ClaimedAssignment | null> {
  // The same lock as every claim: one claim at a time per (project, labeler), whatever the kind.
  await client.query(`SELECT pg_advisory_xact_lock(4, hashtext($1))`, [`${projectId}:${userId}`]);
  await client.query(
    `UPDATE assignments SET status = 'EXPIRED', slot = NULL
     WHERE id IN (SELECT id FROM assignments WHERE "projectId" = $1 AND status = 'ACTIVE' AND "leaseExpiresAt" < now() FOR UPDATE SKIP LOCKED)`,
    [projectId],
  );
  const project = await client.query<{ settings: unknown }>(`SELECT settings FROM projects WHERE id = $1`, [projectId]);
  if (!project.rows[0]) throw new Error(`No project ${projectId}`);
  const settings = readProjectSettings(project.rows[0].settings);
  const overlap = spec.overlap(settings);

  // The labeler's live assignment of any kind: at most one per project across kinds.
  const live = await client.query<Row>(
    `SELECT id, "itemId", kind, "leaseExpiresAt" FROM assignments
     WHERE "projectId" = $1 AND "userId" = $2 AND status = 'ACTIVE' AND "leaseExpiresAt" >= now() ORDER BY "createdAt" LIMIT 1`,
    [projectId, userId],
  );
  if (live.rows[0]) return toClaimed(projectId, live.rows[0], true);

  // A lapsed draft of this kind comes back (as it was) while its item has room.
  const lapsed = await client.query<{ id: string; itemId: string }>(
    `SELECT id, "itemId" FROM assignments WHERE "projectId" = $1 AND "userId" = $2 AND kind = $3::"TaskKind" AND status = 'EXPIRED' AND draft IS NOT NULL
     ORDER BY "draftSavedAt" DESC NULLS LAST LIMIT 1`,
    [projectId, userId, spec.kind],
  );
  const expired = lapsed.rows[0];
  if (expired) {
    const locked = await client.query(`SELECT id FROM items WHERE id = $1 FOR UPDATE SKIP LOCKED`, [expired.itemId]);
    const slot = locked.rows[0] ? await firstFreeItemSlot(client, { kind: spec.kind, itemId: expired.itemId, overlap }) : null;
    if (slot !== null) {
      const { rows } = await client.query<Row>(
        `UPDATE assignments SET status = 'ACTIVE', slot = $2, "leaseExpiresAt" = now() + make_interval(mins => $3)
         WHERE id = $1 RETURNING id, "itemId", kind, "leaseExpiresAt"`,
        [expired.id, slot, settings.leaseMinutes],
      );
      if (rows[0]) return toClaimed(projectId, rows[0], true);
    }
  }

  const skip: string[] = [];
  for (let tries = 0; tries < 8; tries++) {
    const itemId = await spec.pick(client, { projectId, userId, overlap, skip, settings });
    if (!itemId) return null;
    const slot = await firstFreeItemSlot(client, { kind: spec.kind, itemId, overlap });
    const row = slot === null ? null : await spec.insert(client, { projectId, userId, itemId, slot, settings });
    if (row) return toClaimed(projectId, row, false);
    skip.push(itemId);
  }
  return null;
}

function toClaimed(projectId: string, row: Row, resumed: boolean): ClaimedAssignment {
  return { kind: row.kind, projectId, assignmentId: row.id, itemId: row.itemId, leaseExpiresAt: row.leaseExpiresAt, resumed };
}

/**
 * The claim shared by the kinds that hold item slots (demonstrate, perturb), with ranking's
 * guarantees (PRODUCT §4), in one transaction: their live assignment of ANY kind first (returned
 * as is, so the caller sees its kind); then a lapsed draft of this kind while its item has room;
 * then an open item (spec.pick, locked SKIP LOCKED) and its lowest free slot. The unique (item,
 * kind, slot) index and the slot trigger make over-filling impossible. Null when nothing is left.
 */
export async function claimItemSlotTask(spec: ItemSlotClaim, options: { projectId: string; userId: string }): Promise<ClaimedAssignment | null> {
  const client = await getPgPool().connect();
  try {
    await client.query('BEGIN');
    const claimed = await claimInTransaction(client, spec, options.projectId, options.userId);
    await client.query('COMMIT');
    return claimed;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
