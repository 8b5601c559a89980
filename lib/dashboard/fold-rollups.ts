import type { RollupKind, RollupRow } from '@/lib/dashboard/rollup-layout';
import type pg from 'pg';
import { getPgPool, withTransaction } from '@/lib/db';
import { queueStatsRefresh } from '@/lib/judgments/refresh-project-stats';
import { tryAdvisoryXactLock } from '@/lib/pool/fold-progress';

// Deltas summed per key, then added to the rollup rows element by element (a shorter vector adds nothing past its end).
// A fold that takes any delta counts itself (dashboard_fold_counts): the figures cached off the request path
// (lib/dashboard/figure-cache.ts) tell from that count and the pending deltas whether the stats changed since.
const FOLD = `
WITH gone AS (DELETE FROM dashboard_rollup_deltas WHERE "projectId" = $1 RETURNING kind, unit, k1, k2, v),
counted AS (INSERT INTO dashboard_fold_counts ("projectId", folds) SELECT $1, 1 WHERE EXISTS (SELECT 1 FROM gone)
  ON CONFLICT ("projectId") DO UPDATE SET folds = dashboard_fold_counts.folds + 1),
summed AS (
  SELECT kind, unit, k1, k2, array_agg(total ORDER BY i) AS v
  FROM (SELECT g.kind, g.unit, g.k1, g.k2, e.i, sum(e.value) AS total
        FROM gone g CROSS JOIN LATERAL unnest(g.v) WITH ORDINALITY AS e(value, i) GROUP BY 1, 2, 3, 4, 5) t
  GROUP BY 1, 2, 3, 4)
INSERT INTO dashboard_rollups ("projectId", kind, unit, k1, k2, v)
SELECT $1, kind, unit, k1, k2, v FROM summed
ON CONFLICT ("projectId", kind, unit, k1, k2) DO UPDATE SET v = ARRAY(
  SELECT coalesce(e.a, 0) + coalesce(e.b, 0) FROM unnest(dashboard_rollups.v, EXCLUDED.v) WITH ORDINALITY AS e(a, b, i) ORDER BY e.i)`;

/**
 * Above this many pending deltas a view does not fold the rollups inline: the background fold
 * (the stats refresh job, lib/dashboard/run-stats-refresh.ts) does, and the dashboard's banner says
 * the figures do not include them yet (lib/dashboard/find-fold-backlog.ts).
 */
export const ROLLUP_INLINE_LIMIT = 20_000;

/**
 * Folds the project's pending rollup deltas into dashboard_rollups (one statement, under a
 * per-project advisory lock so two readers fold each delta once). Costs in proportion to the
 * deltas, i.e. to the stats rows changed since the last fold. Deltas of transactions still open
 * stay for the next fold. With `limit` (a view's fold), folds nothing when at least `limit` deltas
 * are pending or another fold holds the lock for more than a moment: it queues the background fold
 * and returns `deferred` (the view reads the rollups as last folded).
 */
export async function foldRollups(options: { projectId: string; limit?: number }): Promise<{ deferred: boolean }> {
  const { projectId, limit } = options;
  const { rows } = await getPgPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM dashboard_rollup_deltas WHERE "projectId" = $1 LIMIT $2) x`,
    [projectId, limit ?? VACUUM_AFTER],
  );
  const pending = rows[0]!.n;
  if (pending === 0) return { deferred: false };
  const defer = async () => {
    await queueStatsRefresh({ projectId });
    return { deferred: true };
  };
  if (limit !== undefined && pending >= limit) return defer();
  const folded = await withTransaction(async (client) => {
    if (limit === undefined) await client.query('SELECT pg_advisory_xact_lock(8, hashtext($1))', [projectId]);
    else if (!(await tryAdvisoryXactLock(client, 8, projectId))) return false;
    await client.query(FOLD, [projectId]);
    return true;
  });
  if (!folded) return defer();
  if (limit === undefined && pending >= VACUUM_AFTER) await vacuumLog('dashboard_rollup_deltas');
  return { deferred: false };
}

/** A fold that deleted at least this many log rows vacuums the log table after it (the background fold only). */
export const VACUUM_AFTER = 10_000;

/**
 * Vacuums a change log after a fold deleted a backlog from it: until then every check of what is
 * pending (an index scan on projectId) visits the deleted rows, which after a million-row fold
 * took a view 1.7 s (docs/decisions.md). Background only: VACUUM reads the whole table. Never
 * throws (autovacuum does it later anyway).
 */
export async function vacuumLog(table: 'dashboard_rollup_deltas' | 'progress_changes'): Promise<void> {
  await getPgPool()
    .query(`VACUUM ${table}`)
    .catch(() => undefined);
}

// The same sums straight from the stats rows, through the triggers' own contribution functions:
// what the rollups must equal (the backfill of the migration, for one project).
const SCRATCH = `
SELECT t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i) AS v
FROM (SELECT c.kind, c.unit, c.k1, c.k2, e.i, sum(e.value) AS total
      FROM (SELECT c.* FROM item_stats s CROSS JOIN LATERAL dash_item_contrib(s) c WHERE s."projectId" = $1
            UNION ALL SELECT c.* FROM judgment_stats j CROSS JOIN LATERAL dash_judgment_contrib(j) c WHERE j."projectId" = $1
            UNION ALL SELECT c.* FROM item_model_games g CROSS JOIN LATERAL dash_game_contrib(g) c WHERE g."projectId" = $1
            UNION ALL SELECT c.* FROM item_flag_stats f CROSS JOIN LATERAL dash_flag_contrib(f) c WHERE f."projectId" = $1) c
      CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
      WHERE c.kind = ANY($2::text[])
      GROUP BY 1, 2, 3, 4, 5) t
GROUP BY 1, 2, 3, 4`;

/**
 * The project's rollup rows of these kinds, as floats, ordered by kind, unit and keys (code points). With
 * `scratch`, summed from the stats rows instead (tests and checks: what the folded rollups must equal).
 * The caller folds first.
 */
export async function readRollups(options: {
  projectId: string;
  kinds: RollupKind[];
  scratch?: boolean;
  /** Where to read the folded rollups (a replica's pool: lib/db.ts getReadPool); the primary's by default. */
  pool?: pg.Pool;
}): Promise<RollupRow[]> {
  const { projectId, kinds, scratch = false } = options;
  // One JSON value: parsed natively, many times faster than thousands of float arrays row by row.
  const from = scratch ? `(${SCRATCH}) r` : `dashboard_rollups r WHERE r."projectId" = $1 AND r.kind = ANY($2::text[])`;
  const sql = `SELECT coalesce(json_agg(json_build_array(r.kind, r.unit, r.k1, r.k2, r.v::float8[])), '[]') AS rows FROM ${from}`;
  const read = async (client: { query: typeof pg.Pool.prototype.query }) => {
    const { rows } = await client.query<{ rows: [RollupKind, number, string, string, number[]][] }>(sql, [projectId, kinds]);
    return rows[0]!.rows.map(([kind, unit, k1, k2, v]) => ({ kind, unit, k1, k2, v })).sort(byKey);
  };
  if (!scratch) return read(options.pool ?? getPgPool());
  // The contribution functions read floats through their shortest exact text.
  return withTransaction(async (client) => {
    await client.query('SET LOCAL extra_float_digits = 1');
    return read(client);
  });
}

/** Kind, unit, then keys, by code point: a defined order without the database's collation. */
function byKey(a: RollupRow, b: RollupRow): number {
  const cmp = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);
  return cmp(a.kind, b.kind) || cmp(a.unit, b.unit) || cmp(a.k1, b.k1) || cmp(a.k2, b.k2);
}
