import type { PoolClient } from 'pg';
import type { TaskKind } from '@/generated/prisma/enums';
import { getPgPool } from '@/lib/db';
import { routingSql } from '@/lib/pool/routing-sql';
import { readProjectSettings } from '@/lib/projects/settings';
import type { ClaimedAssignment } from '@/lib/tasks/claim-demonstration-task';

type Row = { id: string; itemId: string; kind: TaskKind; leaseExpiresAt: Date };

/**
 * The item's responses a labeler ($2) may plant a flaw in, in a fixed order: those a lead marked
 * as sources; when none is marked and $3 is not null, those whose mean Likert over submitted
 * rankings is at least $3. Never a response the labeler wrote. $1 is the item.
 */
const SOURCES = `SELECT r.id FROM responses r
  WHERE r."itemId" = $1 AND r."authorId" IS DISTINCT FROM $2
    AND (r."perturbSource"
         OR ($3::float8 IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM responses m WHERE m."itemId" = r."itemId" AND m."perturbSource")
             AND (SELECT avg(rr.likert) FROM response_ratings rr WHERE rr."responseId" = r.id) >= $3::float8))
  ORDER BY r."createdAt", r.id`;

// Open to this labeler: not perturbed, skipped or held by them; fewer held PERTURB slots than the
// overlap (re-checked on the locked row); at least one source for them; their profile meets the
// routing requirements (lib/pool/routing-sql.ts). In progress first, then priority and age.
const PICK = `SELECT i.id FROM items i
  WHERE i."projectId" = $1
    AND (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'PERTURB' AND a.slot IS NOT NULL) < $2
    AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = i.id AND mine."userId" = $3 AND mine.kind = 'PERTURB' AND mine.status <> 'EXPIRED')
    AND i.id <> ALL($4::uuid[])
    AND ${routingSql({ item: 'i', user: '$3', project: '$1' })}
    AND EXISTS (SELECT 1 FROM responses r
                WHERE r."itemId" = i.id AND r."authorId" IS DISTINCT FROM $3
                  AND (r."perturbSource"
                       OR ($5::float8 IS NOT NULL
                           AND NOT EXISTS (SELECT 1 FROM responses m WHERE m."itemId" = i.id AND m."perturbSource")
                           AND (SELECT avg(rr.likert) FROM response_ratings rr WHERE rr."responseId" = r.id) >= $5::float8)))
  ORDER BY (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'PERTURB' AND a.slot IS NOT NULL) DESC, i.priority DESC, i."createdAt"
  LIMIT 1
  FOR UPDATE OF i SKIP LOCKED`;

/** The lowest PERTURB slot of the item nobody holds; null when the item has its perturbations. */
async function firstFreeSlot(client: PoolClient, itemId: string, overlap: number): Promise<number | null> {
  const { rows } = await client.query<{ slot: number }>(
    `SELECT s AS slot FROM generate_series(0, $2::int - 1) s
     WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = $1 AND a.kind = 'PERTURB' AND a.slot = s)
     ORDER BY s LIMIT 1`,
    [itemId, overlap],
  );
  return rows[0]?.slot ?? null;
}

async function claimInTransaction(client: PoolClient, projectId: string, userId: string): Promise<ClaimedAssignment | null> {
  // The same lock as every other claim: one claim at a time per (project, labeler), whatever the kind.
  await client.query(`SELECT pg_advisory_xact_lock(4, hashtext($1))`, [`${projectId}:${userId}`]);
  await client.query(
    `UPDATE assignments SET status = 'EXPIRED', slot = NULL
     WHERE id IN (SELECT id FROM assignments WHERE "projectId" = $1 AND status = 'ACTIVE' AND "leaseExpiresAt" < now() FOR UPDATE SKIP LOCKED)`,
    [projectId],
  );
  const project = await client.query<{ settings: unknown }>(`SELECT settings FROM projects WHERE id = $1`, [projectId]);
  if (!project.rows[0]) throw new Error(`No project ${projectId}`);
  const settings = readProjectSettings(project.rows[0].settings);
  const { overlap, sourceMinLikert } = settings.perturb;

  const live = await client.query<Row>(
    `SELECT id, "itemId", kind, "leaseExpiresAt" FROM assignments
     WHERE "projectId" = $1 AND "userId" = $2 AND status = 'ACTIVE' AND "leaseExpiresAt" >= now() ORDER BY "createdAt" LIMIT 1`,
    [projectId, userId],
  );
  if (live.rows[0]) return toClaimed(projectId, live.rows[0], true);

  // A lapsed perturbation draft comes back (with its source) while its item has room.
  const lapsed = await client.query<{ id: string; itemId: string }>(
    `SELECT id, "itemId" FROM assignments WHERE "projectId" = $1 AND "userId" = $2 AND kind = 'PERTURB' AND status = 'EXPIRED' AND draft IS NOT NULL
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
    const picked = await client.query<{ id: string }>(PICK, [projectId, overlap, userId, full, sourceMinLikert]);
    const itemId = picked.rows[0]?.id;
    if (!itemId) return null;
    const slot = await firstFreeSlot(client, itemId, overlap);
    const sources = slot === null ? [] : (await client.query<{ id: string }>(SOURCES, [itemId, userId, sourceMinLikert])).rows;
    if (slot === null || sources.length === 0) {
      full.push(itemId);
      continue;
    }
    // Rotating by slot spreads an item's perturbations over its sources.
    const sourceId = sources[slot % sources.length]?.id;
    // An expired assignment of this labeler on the item (no draft) is renewed in place, with the new source.
    const { rows } = await client.query<Row>(
      `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot, "sourceResponseId")
       VALUES ($1, $2, $3, 'PERTURB', 'ACTIVE', now() + make_interval(mins => $4), ARRAY[$7::text], $5, $6, $7::uuid)
       ON CONFLICT ("itemId", "userId", kind) DO UPDATE SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot,
         "sourceResponseId" = EXCLUDED."sourceResponseId", "shownOrder" = EXCLUDED."shownOrder"
       RETURNING id, "itemId", kind, "leaseExpiresAt"`,
      [projectId, itemId, userId, settings.leaseMinutes, settings.taxonomyVersion, slot, sourceId],
    );
    if (rows[0]) return toClaimed(projectId, rows[0], false);
  }
  return null;
}

function toClaimed(projectId: string, row: Row, resumed: boolean): ClaimedAssignment {
  return { kind: row.kind, projectId, assignmentId: row.id, itemId: row.itemId, leaseExpiresAt: row.leaseExpiresAt, resumed };
}

/**
 * The next perturb task for the labeler (PRODUCT §3.3, §4), with ranking's guarantees: their
 * live assignment of ANY kind first (returned as is); then a lapsed perturbation draft; then an
 * item with a free PERTURB slot and a source response for them, locked SKIP LOCKED. The source
 * is chosen now (rotating by slot) and kept in assignments.sourceResponseId. The unique (item,
 * kind, slot) index and the slot trigger (perturb.overlap) make over-filling impossible.
 */
export async function claimPerturbTask(options: { projectId: string; userId: string }): Promise<ClaimedAssignment | null> {
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
