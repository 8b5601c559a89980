import type { PoolClient } from 'pg';
import type { TaskKind } from '@/generated/prisma/enums';
import { getPgPool } from '@/lib/db';
import { cellArm, cellVariant, CELLS } from '@/lib/detect/cells';
import { routingSql } from '@/lib/pool/routing-sql';
import { readProjectSettings } from '@/lib/projects/settings';
import type { ClaimedAssignment } from '@/lib/tasks/claim-demonstration-task';

type Row = { id: string; itemId: string; kind: TaskKind; leaseExpiresAt: Date };

/**
 * Perturbations open to the labeler ($2): accepted; critiques of both texts (so all four cells can
 * be shown); not written by them, nor is the original; no trial of theirs on the source response
 * (any perturbation of it); no PERTURB or DETECT assignment of theirs on the item, and no
 * perturbation of theirs there; their profile meets the item's and the project's routing
 * requirements (lib/pool/routing-sql.ts). $1 project. The labeler's own rows are read once each (hashed
 * NOT IN), so the cost grows with the sources, not with sources × trials.
 */
const ELIGIBLE = `
  SELECT p.id, p."responseId", p."itemId", p."createdAt" FROM perturbations p
  WHERE p."projectId" = $1 AND p.status = 'ACCEPTED' AND p."authorId" IS DISTINCT FROM $2
    AND EXISTS (SELECT 1 FROM critiques c WHERE c."responseId" = p."responseId" AND c."perturbationId" IS NULL)
    AND EXISTS (SELECT 1 FROM critiques c WHERE c."perturbationId" = p.id)
    AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.id = p."responseId" AND r."authorId" = $2)
    AND p."responseId" NOT IN (SELECT t."responseId" FROM detect_trials t WHERE t."userId" = $2)
    AND p."itemId" NOT IN (SELECT a."itemId" FROM assignments a WHERE a."projectId" = $1 AND a."userId" = $2 AND a.kind IN ('PERTURB', 'DETECT'))
    AND p."itemId" NOT IN (SELECT q."itemId" FROM perturbations q WHERE q."projectId" = $1 AND q."authorId" = $2)
    AND EXISTS (SELECT 1 FROM items i WHERE i.id = p."itemId" AND ${routingSql({ item: 'i', user: '$2', project: '$1' })})`;

type Source = { id: string; responseId: string; itemId: string; held: number[]; total: number };

/** The labeler's current block (floor of submitted trials / 4) and the cells still needed in it. */
export async function neededCells(client: PoolClient, projectId: string, userId: string): Promise<{ block: number; needed: number[] }> {
  const { rows } = await client.query<{ submitted: number; cells: number[] }>(
    `WITH mine AS (SELECT count(*)::int AS n FROM detect_trials WHERE "projectId" = $1 AND "userId" = $2 AND "submittedAt" IS NOT NULL)
     SELECT mine.n AS submitted,
            ARRAY(SELECT cell FROM detect_trials WHERE "projectId" = $1 AND "userId" = $2 AND "submittedAt" IS NOT NULL AND block = mine.n / 4) AS cells
     FROM mine`,
    [projectId, userId],
  );
  const submitted = rows[0]?.submitted ?? 0;
  const done = new Set(rows[0]?.cells ?? []);
  return { block: Math.floor(submitted / 4), needed: CELLS.filter((c) => !done.has(c)) };
}

/** The lowest free balance slot of `cell` on the perturbation (slot ≡ cell mod 4, below the bound); null when the cell is full. */
export async function firstFreeTrialSlot(client: PoolClient, perturbationId: string, cell: number, trialsPerSource: number): Promise<number | null> {
  const { rows } = await client.query<{ s: number }>(
    `SELECT s FROM generate_series($2::int, $3::int - 1, 4) s
     WHERE NOT EXISTS (SELECT 1 FROM detect_trials t WHERE t."perturbationId" = $1 AND t.slot = s) ORDER BY s LIMIT 1`,
    [perturbationId, cell, trialsPerSource],
  );
  return rows[0]?.s ?? null;
}

/** A lapsed trial of the labeler with a draft, renewed with a fresh lease when its cell is still needed and has a free slot. */
async function renewLapsed(client: PoolClient, o: { projectId: string; userId: string; block: number; needed: number[]; trialsPerSource: number; leaseMinutes: number }): Promise<Row | null> {
  const { rows } = await client.query<{ trialId: string; assignmentId: string; perturbationId: string; cell: number }>(
    `SELECT t.id AS "trialId", a.id AS "assignmentId", t."perturbationId", t.cell FROM assignments a JOIN detect_trials t ON t."assignmentId" = a.id
     WHERE a."projectId" = $1 AND a."userId" = $2 AND a.kind = 'DETECT' AND a.status = 'EXPIRED' AND a.draft IS NOT NULL
       AND t."submittedAt" IS NULL AND t.cell = ANY($3::int[])
     ORDER BY a."draftSavedAt" DESC NULLS LAST LIMIT 1`,
    [o.projectId, o.userId, o.needed],
  );
  const lapsed = rows[0];
  if (!lapsed) return null;
  const locked = await client.query(`SELECT id FROM perturbations WHERE id = $1 AND status = 'ACCEPTED' FOR UPDATE SKIP LOCKED`, [lapsed.perturbationId]);
  if (!locked.rows[0]) return null;
  const slot = await firstFreeTrialSlot(client, lapsed.perturbationId, lapsed.cell, o.trialsPerSource);
  if (slot === null) return null;
  await client.query(`UPDATE detect_trials SET slot = $2, block = $3 WHERE id = $1`, [lapsed.trialId, slot, o.block]);
  const renewed = await client.query<Row>(
    `UPDATE assignments SET status = 'ACTIVE', "leaseExpiresAt" = now() + make_interval(mins => $2) WHERE id = $1 RETURNING id, "itemId", kind, "leaseExpiresAt"`,
    [lapsed.assignmentId, o.leaseMinutes],
  );
  return renewed.rows[0] ?? null;
}

async function claimInTransaction(client: PoolClient, projectId: string, userId: string, random: () => number): Promise<ClaimedAssignment | null> {
  // The same lock as every claim: one claim (and one detect submit) at a time per (project, labeler).
  await client.query(`SELECT pg_advisory_xact_lock(4, hashtext($1))`, [`${projectId}:${userId}`]);
  await client.query(
    `UPDATE assignments SET status = 'EXPIRED', slot = NULL
     WHERE id IN (SELECT id FROM assignments WHERE "projectId" = $1 AND status = 'ACTIVE' AND "leaseExpiresAt" < now() FOR UPDATE SKIP LOCKED)`,
    [projectId],
  );
  // One round trip: the settings, the labeler's live assignment of any kind (at most one per
  // project across kinds), their submitted trials' count and the cells of their current block.
  const { rows } = await client.query<{ settings: unknown; liveId: string | null; liveItemId: string; liveKind: TaskKind; liveLease: Date; submitted: number; cells: number[] }>({
    name: 'detect-claim-state',
    text: `WITH mine AS (SELECT count(*)::int AS n FROM detect_trials WHERE "projectId" = $1 AND "userId" = $2 AND "submittedAt" IS NOT NULL)
     SELECT p.settings, l.id AS "liveId", l."itemId" AS "liveItemId", l.kind AS "liveKind", l."leaseExpiresAt" AS "liveLease", mine.n AS submitted,
            ARRAY(SELECT cell FROM detect_trials WHERE "projectId" = $1 AND "userId" = $2 AND "submittedAt" IS NOT NULL AND block = mine.n / 4) AS cells
     FROM projects p CROSS JOIN mine
     LEFT JOIN LATERAL (SELECT id, "itemId", kind, "leaseExpiresAt" FROM assignments
                        WHERE "projectId" = p.id AND "userId" = $2 AND status = 'ACTIVE' AND "leaseExpiresAt" >= now() ORDER BY "createdAt" LIMIT 1) l ON true
     WHERE p.id = $1`,
    values: [projectId, userId],
  });
  const state = rows[0];
  if (!state) throw new Error(`No project ${projectId}`);
  if (state.liveId) return toClaimed(projectId, { id: state.liveId, itemId: state.liveItemId, kind: state.liveKind, leaseExpiresAt: state.liveLease }, true);
  const settings = readProjectSettings(state.settings);
  const { trialsPerSource } = settings.detect;
  const block = Math.floor(state.submitted / 4);
  const done = new Set(state.cells);
  const needed = CELLS.filter((c) => !done.has(c));

  const renewed = await renewLapsed(client, { projectId, userId, block, needed, trialsPerSource, leaseMinutes: settings.leaseMinutes });
  if (renewed) return toClaimed(projectId, renewed, true);

  // Every eligible source with its held slots per cell, in one statement; the choice is made here.
  const perCell = trialsPerSource / 4;
  // Named, so each connection plans it once.
  const { rows: sources } = await client.query<Source>({
    name: 'detect-claim-sources',
    text: `WITH held AS (
       SELECT t."perturbationId" AS id, count(*) FILTER (WHERE t.cell = 0)::int AS c0, count(*) FILTER (WHERE t.cell = 1)::int AS c1,
              count(*) FILTER (WHERE t.cell = 2)::int AS c2, count(*) FILTER (WHERE t.cell = 3)::int AS c3, count(*)::int AS total
       FROM detect_trials t WHERE t."projectId" = $1 AND t.slot IS NOT NULL GROUP BY t."perturbationId")
     SELECT e.id, e."responseId", e."itemId", ARRAY[coalesce(h.c0, 0), coalesce(h.c1, 0), coalesce(h.c2, 0), coalesce(h.c3, 0)] AS held, coalesce(h.total, 0) AS total
     FROM (${ELIGIBLE}) e LEFT JOIN held h ON h.id = e.id
     ORDER BY e."createdAt", e.id`,
    values: [projectId, userId],
  });
  // Cells the block still needs that some source has a free slot of; one drawn at random.
  const cells = needed.filter((c) => sources.some((s) => s.held[c]! < perCell));
  while (cells.length > 0) {
    const index = Math.min(cells.length - 1, Math.floor(random() * cells.length));
    const cell = cells[index]!;
    // Fullest sources first (finish what is started), then age (a stable sort keeps it).
    const open = sources.filter((s) => s.held[cell]! < perCell).sort((a, b) => b.total - a.total);
    for (const source of open.slice(0, 8)) {
      // Locked SKIP LOCKED so claimers never queue; the slot is read after the lock, so it sees every committed taker.
      const locked = await client.query(`SELECT id FROM perturbations WHERE id = $1 AND status = 'ACCEPTED' FOR UPDATE SKIP LOCKED`, [source.id]);
      if (!locked.rows[0]) continue;
      const slot = await firstFreeTrialSlot(client, source.id, cell, trialsPerSource);
      if (slot === null) continue;
      // The assignment and its trial in one statement.
      const inserted = await client.query<Row>(
        `WITH a AS (
           INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot)
           VALUES ($1::uuid, $2::uuid, $3::uuid, 'DETECT', 'ACTIVE', now() + make_interval(mins => $4), ARRAY[$5::uuid::text], $6, NULL)
           RETURNING id, "itemId", kind, "leaseExpiresAt"
         ), t AS (
           INSERT INTO detect_trials ("assignmentId", "projectId", "itemId", "userId", "perturbationId", "responseId", variant, arm, cell, block, slot)
           SELECT a.id, $1::uuid, $2::uuid, $3::uuid, $7::uuid, $5::uuid, $8::"DetectVariant", $9::"DetectArm", $10, $11, $12 FROM a
         )
         SELECT * FROM a`,
        [projectId, source.itemId, userId, settings.leaseMinutes, source.responseId, settings.taxonomyVersion, source.id, cellVariant(cell), cellArm(cell), cell, block, slot],
      );
      const assignment = inserted.rows[0]!;
      return toClaimed(projectId, assignment, false);
    }
    // Taken meanwhile or locked by other claimers: draw again among the other needed cells.
    cells.splice(index, 1);
  }
  return null;
}

function toClaimed(projectId: string, row: Row, resumed: boolean): ClaimedAssignment {
  return { kind: row.kind, projectId, assignmentId: row.id, itemId: row.itemId, leaseExpiresAt: row.leaseExpiresAt, resumed };
}

/**
 * The next detect trial for the labeler (PRODUCT §3.4, §4), with the guarantees of the other
 * claims: their live assignment of ANY kind first; then a lapsed trial with a draft whose cell is
 * still needed; then a new trial. Balance is blocked per labeler: the cell is drawn at random
 * (`random`) among the cells their current block of four still needs that some eligible source has
 * a free slot of, and the source's lowest free slot of that cell is taken (slot ≡ cell mod 4, so
 * each source gets each cell equally often when full). Strict: null when no needed cell is
 * available anywhere, even if other cells are.
 */
export async function claimDetectTask(options: { projectId: string; userId: string; random?: () => number }): Promise<ClaimedAssignment | null> {
  const client = await getPgPool().connect();
  try {
    await client.query('BEGIN');
    const claimed = await claimInTransaction(client, options.projectId, options.userId, options.random ?? Math.random);
    await client.query('COMMIT');
    return claimed;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
