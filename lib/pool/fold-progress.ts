import type pg from 'pg';
import type { PoolClient } from 'pg';
import { meetsRequirementSql } from '@/lib/pool/routing-sql';

/**
 * The progress rollups (issue 23; tables in prisma/schema.prisma, ProgressChange and after):
 * brings them up to date in the caller's transaction, at a cost that grows with what changed
 * since the last fold, not with the project.
 *
 * - Triggers on assignments and items append (projectId, itemId, day ±1) rows to progress_changes.
 *   Here they are deleted and their day deltas added to progress_days in one statement (exactly
 *   once), and their items recomputed from assignments (idempotent, so an item changed again
 *   meanwhile is just folded again next time). The same statement adds their labelers' SKIPPED and
 *   SUBMITTED moves to labeler_decisions (the labelers table's skip rate).
 * - Each item keeps its share in item_progress: submitted, slot held or submitted, and `done` =
 *   its submitted or skipped RANK assignments by labelers who qualify for its routing class (and,
 *   for the starving-items list, its slots taken and `had` = the same with held and released);
 *   progress_buckets counts items per (class, submitted, touched, done), so the figures are sums
 *   over a few dozen rows.
 * - Who qualifies (active, unpaused labeler member allowed to rank, meeting the item's and the
 *   project's requirement) is recomputed per class on every fold (one small query over members);
 *   when a class's set changed (pause, deactivation, profile or routing edit, even by plain SQL),
 *   only the items of that class the labelers who came or went have had are moved, by a delta.
 * - The first fold of a project builds everything from scratch (one pass over its assignments).
 *
 * Serialised per project by an advisory lock; never locks a row a labeler's claim or submit needs.
 */
const CLASS_KEY = (i: string) => `jsonb_build_array(${i}."requiredLanguage", ${i}."requiredProficiency", ${i}."requiredExpertise")::text`;

const ELIGIBLE = `
  SELECT m."userId" FROM memberships m JOIN users u ON u.id = m."userId"
  WHERE m."projectId" = $1 AND NOT m.paused AND u.active AND u.role = 'LABELER'
    AND (cardinality(m."allowedKinds") = 0 OR 'RANK' = ANY(m."allowedKinds"))
    AND NOT EXISTS (SELECT 1 FROM project_pool_settings pool_ps WHERE pool_ps."projectId" = $1 AND NOT ${meetsRequirementSql('pool_ps', 'm."userId"')})`;

const ADD_TO_BUCKETS = (rows: string, sign: '' | '-') => `
  INSERT INTO progress_buckets ("projectId", "reqClass", submitted, touched, done, items)
  SELECT $1, "reqClass", submitted, touched, done, ${sign}count(*)::int FROM ${rows} GROUP BY "reqClass", submitted, touched, done
  ON CONFLICT ("projectId", "reqClass", submitted, touched, done) DO UPDATE SET items = progress_buckets.items + EXCLUDED.items`;

/** New classes among the items in scope, their qualifying labelers not known yet. */
const ADD_CLASSES = (scope: string) => `
  INSERT INTO progress_classes ("projectId", key, "requiredLanguage", "requiredProficiency", "requiredExpertise")
  SELECT DISTINCT $1::uuid, ${CLASS_KEY('i')}, i."requiredLanguage", i."requiredProficiency", i."requiredExpertise"
  FROM items i WHERE i."projectId" = $1 ${scope}
  ON CONFLICT DO NOTHING`;

/** Each class's qualifying labelers now; returns the classes whose set changed, with the old set. */
const UPDATE_QUALIFIED = `
  WITH eligible AS (${ELIGIBLE}),
  cur AS (
    SELECT c.key, coalesce(array_agg(e."userId" ORDER BY e."userId") FILTER (WHERE e."userId" IS NOT NULL), '{}')::uuid[] AS users
    FROM progress_classes c LEFT JOIN eligible e ON ${meetsRequirementSql('c', 'e."userId"')}
    WHERE c."projectId" = $1 GROUP BY c.key)
  UPDATE progress_classes c SET users = cur.users, known = true
  FROM cur, progress_classes o
  WHERE c."projectId" = $1 AND c.key = cur.key AND o."projectId" = $1 AND o.key = cur.key
    AND (NOT o.known OR o.users IS DISTINCT FROM cur.users)
  RETURNING c.key, o.known AS "wasKnown", coalesce(o.users, '{}')::text[] AS "oldUsers", cur.users::text[] AS "newUsers"`;

/**
 * Labelers who came (+1) or went (−1) from a class: each item of that class they have had (any
 * RANK assignment not expired) gains or loses them in `had`, and in `done` when they submitted or
 * skipped it, and moves bucket. A delta, not a recompute, so a pause costs one index scan of the
 * labeler's assignments and one update per item. Items whose own changes are folded in this call
 * ($5) are left out: they are recomputed from scratch with the new sets. (An assignment that
 * changed after this fold's log read is in the log for the next fold, which recomputes its item.)
 */
const MOVE_CHANGED_LABELERS = `
  WITH d AS (SELECT * FROM unnest($2::text[], $3::uuid[], $4::int[]) AS d(key, "userId", sign)),
  hits AS (
    SELECT ip."itemId", sum(d.sign) FILTER (WHERE a.status IN ('SUBMITTED', 'SKIPPED'))::int AS ddone, sum(d.sign)::int AS dhad
    FROM d JOIN assignments a ON a."projectId" = $1 AND a."userId" = d."userId" AND a.kind = 'RANK' AND a.status <> 'EXPIRED'
    JOIN item_progress ip ON ip."itemId" = a."itemId" AND ip."reqClass" = d.key
    WHERE NOT (a."itemId" = ANY($5::uuid[]))
    GROUP BY ip."itemId"),
  moved AS (
    UPDATE item_progress ip SET done = ip.done + coalesce(h.ddone, 0), had = ip.had + h.dhad
    FROM hits h WHERE ip."itemId" = h."itemId"
    RETURNING ip."reqClass", ip.submitted, ip.touched, ip.done, ip.done - coalesce(h.ddone, 0) AS "oldDone"),
  shifts AS (
    SELECT "reqClass", submitted, touched, done, 1 AS n FROM moved WHERE done <> "oldDone"
    UNION ALL SELECT "reqClass", submitted, touched, "oldDone", -1 FROM moved WHERE done <> "oldDone")
  INSERT INTO progress_buckets ("projectId", "reqClass", submitted, touched, done, items)
  SELECT $1, "reqClass", submitted, touched, done, sum(n)::int FROM shifts GROUP BY "reqClass", submitted, touched, done HAVING sum(n) <> 0
  ON CONFLICT ("projectId", "reqClass", submitted, touched, done) DO UPDATE SET items = progress_buckets.items + EXCLUDED.items`;

const FRESH_COLUMNS = `i.id, i."projectId", k.key, coalesce(a.submitted, 0), sl.taken > 0 OR coalesce(a.submitted, 0) > 0, sl.taken`;

/** The items of $2 recomputed from assignments (index lookups per item). */
const FRESH_OF_IDS = `
  SELECT ${FRESH_COLUMNS}, coalesce(a.done, 0), coalesce(a.had, 0)
  FROM items i JOIN item_slots sl ON sl."itemId" = i.id CROSS JOIN LATERAL (SELECT ${CLASS_KEY('i')} AS key) k
  LEFT JOIN progress_classes c ON c."projectId" = i."projectId" AND c.key = k.key
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE a.status = 'SUBMITTED')::int AS submitted,
           count(*) FILTER (WHERE a.status IN ('SUBMITTED', 'SKIPPED') AND a."userId" = ANY(c.users))::int AS done,
           count(*) FILTER (WHERE a."userId" = ANY(c.users))::int AS had
    FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'RANK' AND a.status <> 'EXPIRED') a ON true
  WHERE i."projectId" = $1 AND i.id = ANY($2::uuid[])`;

/** Every item of the project recomputed (one pass over its assignments). */
const FRESH_OF_PROJECT = `
  SELECT ${FRESH_COLUMNS}, coalesce((SELECT count(*) FROM unnest(a.doers) d WHERE d = ANY(c.users)), 0)::int,
         coalesce((SELECT count(*) FROM unnest(a.holders) d WHERE d = ANY(c.users)), 0)::int
  FROM items i JOIN item_slots sl ON sl."itemId" = i.id CROSS JOIN LATERAL (SELECT ${CLASS_KEY('i')} AS key) k
  LEFT JOIN progress_classes c ON c."projectId" = i."projectId" AND c.key = k.key
  LEFT JOIN (
    SELECT "itemId", count(*) FILTER (WHERE status = 'SUBMITTED')::int AS submitted,
           array_agg("userId") FILTER (WHERE status IN ('SUBMITTED', 'SKIPPED')) AS doers, array_agg("userId") AS holders
    FROM assignments WHERE "projectId" = $1 AND kind = 'RANK' AND status <> 'EXPIRED' GROUP BY "itemId") a ON a."itemId" = i.id
  WHERE i."projectId" = $1`;

const INSERT_FRESH = (fresh: string) => `
  WITH fresh AS (
    INSERT INTO item_progress ("itemId", "projectId", "reqClass", submitted, touched, slots, done, had) ${fresh}
    RETURNING "reqClass", submitted, touched, done)
  ${ADD_TO_BUCKETS('fresh', '')}`;

async function bootstrap(client: PoolClient, projectId: string): Promise<void> {
  for (const table of ['progress_days', 'progress_buckets', 'item_progress', 'progress_classes', 'labeler_decisions'])
    await client.query(`DELETE FROM ${table} WHERE "projectId" = $1`, [projectId]);
  // One statement, one snapshot: the log rows it deletes are exactly the changes its counts include.
  await client.query(
    `WITH gone AS (DELETE FROM progress_changes WHERE "projectId" = $1),
     days AS (
       INSERT INTO progress_days ("projectId", day, labels)
       SELECT $1, "submittedAt"::date, count(*)::int FROM assignments
       WHERE "projectId" = $1 AND status = 'SUBMITTED' AND "submittedAt" IS NOT NULL GROUP BY 2)
     INSERT INTO labeler_decisions ("projectId", "userId", skipped, submitted)
     SELECT $1, "userId", count(*) FILTER (WHERE status = 'SKIPPED')::int, count(*) FILTER (WHERE status = 'SUBMITTED')::int
     FROM assignments WHERE "projectId" = $1 AND status IN ('SKIPPED', 'SUBMITTED') GROUP BY 2`,
    [projectId],
  );
  await client.query(ADD_CLASSES(''), [projectId]);
  await client.query(UPDATE_QUALIFIED, [projectId]);
  await client.query(INSERT_FRESH(FRESH_OF_PROJECT), [projectId]);
}

/** What a fold did: items recomputed from their assignments, (class, labeler) pairs that came or went, and whether it built from scratch. */
export type FoldResult = {
  items: number;
  moved: number;
  rebuilt: boolean;
  /** Set when a bounded fold (`limit`) left the work to the background fold: nothing was folded. */
  deferred?: true;
  /** When the rollups were last brought up to date by a fold that changed them (null: never built). */
  foldedAt?: Date | null;
};

/** How long a view's bounded fold waits for another fold of the project (a view's: milliseconds) before leaving the work to it. */
const TRIES = 16;
const WAIT_MS = 25;

/**
 * Takes the transaction-scoped advisory lock (`key`, hashtext(`id`)) if it comes free within about
 * 400 ms (another view's fold), else returns false (the background fold of a backlog holds it):
 * a view never waits on a long fold.
 */
export async function tryAdvisoryXactLock(client: pg.ClientBase, key: number, id: string): Promise<boolean> {
  for (let t = 0; t < TRIES; t++) {
    if (t > 0) await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [key, id]);
    if (rows[0]!.locked) return true;
  }
  return false;
}

/**
 * Above this many pending progress changes (or items, for a project never folded, or assignments
 * of labelers who came or went), a view does not fold inline: the background fold (the stats
 * refresh job, lib/dashboard/run-stats-refresh.ts) does, and the view shows the last folded
 * figures as being recomputed. Below it a fold costs well under a second (docs/decisions.md).
 */
export const INLINE_FOLD_LIMIT = 5_000;

/** A bounded fold finds more than `limit` rows of work: it folds nothing and says so. */
const DEFERRED = (foldedAt: Date | null): FoldResult => ({ items: 0, moved: 0, rebuilt: false, deferred: true, foldedAt });

/**
 * Folds the changes since the last fold into the project's progress rollups; returns how many
 * items were recomputed from their assignments and how many (class, labeler) pairs came or went.
 *
 * With `limit` (a view's fold, issue 23), the fold is bounded: it folds nothing and returns
 * `deferred` when the project was never built and has at least `limit` items, when at least
 * `limit` changes are pending, when labelers who came or went have at least `limit` assignments
 * to move, or when another fold of the project holds its lock for more than a moment (the
 * background fold of a backlog). The caller then shows the last folded figures as being
 * recomputed and queues the background fold (the stats refresh job), which folds without a limit.
 */
export async function foldProgress(client: PoolClient, projectId: string, options: { limit?: number } = {}): Promise<FoldResult> {
  const { limit } = options;
  if (limit === undefined) {
    await client.query('SELECT pg_advisory_xact_lock(23, hashtext($1))', [projectId]);
  } else if (!(await tryAdvisoryXactLock(client, 23, projectId))) {
    return DEFERRED((await foldedAtOf(client, projectId)) ?? null);
  }
  const work = await client.query<{ foldedAt: Date | null; pending: number; items: number }>(
    // Counting stops at the limit: a bounded view reads at most `limit` index entries of each.
    `SELECT (SELECT "foldedAt" FROM progress_states WHERE "projectId" = $1) AS "foldedAt",
            (SELECT count(*) FROM (SELECT 1 FROM progress_changes WHERE "projectId" = $1 LIMIT $2) x)::int AS pending,
            CASE WHEN NOT EXISTS (SELECT 1 FROM progress_states WHERE "projectId" = $1)
                 THEN (SELECT count(*) FROM (SELECT 1 FROM items WHERE "projectId" = $1 LIMIT $2) y)::int ELSE 0 END AS items`,
    [projectId, limit ?? 0],
  );
  const { foldedAt, pending, items } = work.rows[0]!;
  if (limit !== undefined && (pending >= limit || items >= limit)) return DEFERRED(foldedAt);
  const upsertState = () =>
    client.query(
      `INSERT INTO progress_states ("projectId", "foldedAt") VALUES ($1, now()) ON CONFLICT ("projectId") DO UPDATE SET "foldedAt" = now()`,
      [projectId],
    );
  if (foldedAt === null) {
    await bootstrap(client, projectId);
    await upsertState();
    return { items: -1, moved: 0, rebuilt: true };
  }
  // A bounded fold that finds too many assignments to move undoes what it did so far (the log stays).
  if (limit !== undefined) await client.query('SAVEPOINT fold_progress');
  const consumed = await client.query<{ itemId: string }>(
    `WITH gone AS (DELETE FROM progress_changes WHERE "projectId" = $1 RETURNING "itemId", day, delta, "userId", skipped, submitted),
     days AS (
       INSERT INTO progress_days ("projectId", day, labels)
       SELECT $1, day, sum(delta)::int FROM gone WHERE day IS NOT NULL GROUP BY day HAVING sum(delta) <> 0
       ON CONFLICT ("projectId", day) DO UPDATE SET labels = progress_days.labels + EXCLUDED.labels),
     decisions AS (
       INSERT INTO labeler_decisions ("projectId", "userId", skipped, submitted)
       SELECT $1, "userId", sum(skipped)::int, sum(submitted)::int FROM gone
       WHERE "userId" IS NOT NULL GROUP BY "userId" HAVING sum(skipped) <> 0 OR sum(submitted) <> 0
       ON CONFLICT ("projectId", "userId") DO UPDATE
       SET skipped = labeler_decisions.skipped + EXCLUDED.skipped, submitted = labeler_decisions.submitted + EXCLUDED.submitted)
     SELECT DISTINCT "itemId" FROM gone`,
    [projectId],
  );
  const ids = new Set(consumed.rows.map((r) => r.itemId));
  if (ids.size > 0) await client.query(ADD_CLASSES('AND i.id = ANY($2::uuid[])'), [projectId, [...ids]]);
  const changed = await client.query<{ key: string; wasKnown: boolean; oldUsers: string[]; newUsers: string[] }>(UPDATE_QUALIFIED, [
    projectId,
  ]);
  const keys: string[] = [];
  const users: string[] = [];
  const signs: number[] = [];
  for (const c of changed.rows) {
    if (!c.wasKnown) continue;
    const before = new Set(c.oldUsers);
    const after = new Set(c.newUsers);
    const move = (u: string, sign: number) => (keys.push(c.key), users.push(u), signs.push(sign));
    c.oldUsers.filter((u) => !after.has(u)).forEach((u) => move(u, -1));
    c.newUsers.filter((u) => !before.has(u)).forEach((u) => move(u, 1));
  }
  const list = [...ids];
  if (limit !== undefined && keys.length > 0) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM assignments WHERE "projectId" = $1 AND "userId" = ANY($2::uuid[]) AND kind = 'RANK' LIMIT $3) x`,
      [projectId, [...new Set(users)], limit],
    );
    if (rows[0]!.n >= limit) {
      await client.query('ROLLBACK TO SAVEPOINT fold_progress');
      return DEFERRED(foldedAt);
    }
  }
  if (keys.length > 0) {
    const moved = await client.query(MOVE_CHANGED_LABELERS, [projectId, keys, users, signs, list]);
    if ((moved.rowCount ?? 0) > 0) await client.query(`DELETE FROM progress_buckets WHERE "projectId" = $1 AND items = 0`, [projectId]);
  }
  if (ids.size > 0) {
    await client.query(
      `WITH old AS (DELETE FROM item_progress WHERE "projectId" = $1 AND "itemId" = ANY($2::uuid[]) RETURNING "reqClass", submitted, touched, done)
       ${ADD_TO_BUCKETS('old', '-')}`,
      [projectId, list],
    );
    await client.query(INSERT_FRESH(FRESH_OF_IDS), [projectId, list]);
    await client.query(`DELETE FROM progress_buckets WHERE "projectId" = $1 AND items = 0`, [projectId]);
  }
  // A view with nothing to fold writes nothing.
  if (ids.size > 0 || changed.rows.length > 0) await upsertState();
  return { items: ids.size, moved: keys.length, rebuilt: false };
}

async function foldedAtOf(client: PoolClient, projectId: string): Promise<Date | undefined> {
  const { rows } = await client.query<{ foldedAt: Date }>(`SELECT "foldedAt" FROM progress_states WHERE "projectId" = $1`, [projectId]);
  return rows[0]?.foldedAt;
}
