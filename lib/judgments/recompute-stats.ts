import type { PoolClient, QueryResult } from 'pg';
import { computeItemStats, type ItemInput, type ItemStats } from '@/lib/judgments/compute-item-stats';
import { executeSql, sqlLiteral } from '@/lib/db';
import { countedLabelSql } from '@/lib/judgments/counted-labels';

type Loaded = {
  itemId: string;
  projectId: string;
  isGold: boolean;
  goldRanking: string[][] | null;
  adjudicationRanking: string[][] | null;
  adjudicated: boolean;
  invalid: boolean;
  responses: [string, string | null, number][];
  judgments: [string, string, boolean, string[][], string[] | null, [string, number | null, string[]][], number][];
  /** The transaction's now() as a judgment's createdAt stores it (milliseconds, as each judgment's last element). */
  nowMs: number;
};

// One round trip for the whole batch: each item with its responses (lengths, not texts), and its
// judgments oldest first with whether they are counted labels (lib/judgments/counted-labels.ts;
// stored as judgment_stats.userExcluded / counted), shown order, ratings and createdAt (milliseconds: the order's key).
const LOAD = `
SELECT i.id AS "itemId", i."projectId", i."isGold", i."goldRanking", ad.ranking AS "adjudicationRanking",
       ad.id IS NOT NULL AS adjudicated, coalesce(ad.invalid, false) AS invalid,
       (extract(epoch FROM now()::timestamp(3)) * 1000)::float8 AS "nowMs",
       coalesce((SELECT json_agg(json_build_array(r.id, r."modelId", length(r.text))) FROM responses r WHERE r."itemId" = i.id), '[]') AS responses,
       coalesce((
         SELECT json_agg(json_build_array(j.id, j."userId", NOT ${countedLabelSql({ user: 'j."userId"', project: 'i."projectId"' })}, j.ranking, a."shownOrder",
                  coalesce((SELECT json_agg(json_build_array(rr."responseId", rr.likert, rr.flags)) FROM response_ratings rr WHERE rr."judgmentId" = j.id), '[]'),
                  (extract(epoch FROM j."createdAt") * 1000)::float8)
                ORDER BY j."createdAt", j.id)
         FROM judgments j
         LEFT JOIN assignments a ON a.id = j."assignmentId"
         WHERE j."itemId" = i.id), '[]') AS judgments
FROM items i LEFT JOIN adjudications ad ON ad."itemId" = i.id
WHERE i.id = ANY($1::uuid[])`;

const ITEM_COLUMNS = [
  'judgments',
  'agree',
  'compared',
  'agreeTies',
  'comparedTies',
  'agreement',
  'kendallW',
  'likert',
  'flagValues',
  'adjudicated',
  'invalid',
];
const JUDGMENT_COLUMNS = [
  'userExcluded',
  'counted',
  'looAgree',
  'looCompared',
  'goldAgree',
  'goldCompared',
  'firstWins',
  'firstLosses',
  'firstNullVariance',
  'longerWins',
  'longerCompared',
  'earlierAgree',
  'earlierCompared',
  'onGold',
];
const q = (c: string) => `"${c}"`;
// The row of `table` whose `key` is x."judgmentId", by its primary key, one probe per row of the JSON: a subquery with LIMIT
// is never flattened into a join, so the plan (generic, made once per connection, when the tables may still be small and the
// JSON is guessed at 100 rows) cannot turn it into a hash join over a scan of the whole table.
const byJudgment = (table: string, key: string, columns: string, alias: string) =>
  `SELECT ${columns} FROM ${table} ${alias} WHERE ${alias}.${q(key)} = x."judgmentId" LIMIT 1`;
const set = (columns: string[]) => columns.map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(', ');

// Every write of a batch in one statement (one round trip inside the submit transaction). Games
// and flags are upserted, and only rows no longer produced are deleted, so no statement part
// touches a row another part writes.
const WRITE = `
WITH items AS (
  INSERT INTO item_stats ("itemId", "projectId", stale, "computedAt", ${ITEM_COLUMNS.map(q).join(', ')})
  SELECT x."itemId", x."projectId", false, now(), ${ITEM_COLUMNS.map((c) => `x.${q(c)}`).join(', ')}
  FROM jsonb_to_recordset($1::jsonb) AS x("itemId" uuid, "projectId" uuid, judgments int, agree int, compared int, "agreeTies" int, "comparedTies" int,
       agreement float8, "kendallW" float8, likert float8[], "flagValues" float8, adjudicated boolean, invalid boolean)
  ON CONFLICT ("itemId") DO UPDATE SET stale = false, "computedAt" = EXCLUDED."computedAt", ${set(ITEM_COLUMNS)}
  RETURNING 1),
judgments AS (
  INSERT INTO judgment_stats ("judgmentId", "projectId", "itemId", "userId", "createdAt", source, "durationMs", ${JUDGMENT_COLUMNS.map(q).join(', ')})
  SELECT x."judgmentId", x."projectId", j."itemId", j."userId", j."createdAt", j.source, j."durationMs", ${JUDGMENT_COLUMNS.map((c) => `x.${q(c)}`).join(', ')}
  FROM jsonb_to_recordset($2::jsonb) AS x("judgmentId" uuid, "projectId" uuid, "userExcluded" boolean, counted boolean, "looAgree" int, "looCompared" int,
       "goldAgree" int, "goldCompared" int, "firstWins" int, "firstLosses" int, "firstNullVariance" float8, "longerWins" int, "longerCompared" int,
       "earlierAgree" int, "earlierCompared" int, "onGold" boolean)
  CROSS JOIN LATERAL (${byJudgment('judgments', 'id', 'j."itemId", j."userId", j."createdAt", j.source, j."durationMs"', 'j')}) j
  ON CONFLICT ("judgmentId") DO UPDATE SET ${set(JUDGMENT_COLUMNS)}
  RETURNING 1),
games AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS x("itemId" uuid, "projectId" uuid, "modelA" text, "modelB" text, games int, "winsA" float8)),
games_gone AS (
  DELETE FROM item_model_games d WHERE d."itemId" = ANY($5::uuid[])
    AND NOT EXISTS (SELECT 1 FROM games g WHERE g."itemId" = d."itemId" AND g."modelA" = d."modelA" AND g."modelB" = d."modelB")
  RETURNING 1),
games_kept AS (
  INSERT INTO item_model_games ("itemId", "projectId", "modelA", "modelB", games, "winsA") SELECT * FROM games
  ON CONFLICT ("itemId", "modelA", "modelB") DO UPDATE SET games = EXCLUDED.games, "winsA" = EXCLUDED."winsA"
  RETURNING 1),
flags AS (SELECT * FROM jsonb_to_recordset($4::jsonb) AS x("itemId" uuid, "projectId" uuid, flag text, "both" float8, mixed float8)),
flags_gone AS (
  DELETE FROM item_flag_stats d WHERE d."itemId" = ANY($5::uuid[])
    AND NOT EXISTS (SELECT 1 FROM flags f WHERE f."itemId" = d."itemId" AND f.flag = d.flag)
  RETURNING 1),
flags_kept AS (
  INSERT INTO item_flag_stats ("itemId", "projectId", flag, "both", mixed) SELECT * FROM flags
  ON CONFLICT ("itemId", flag) DO UPDATE SET "both" = EXCLUDED."both", mixed = EXCLUDED.mixed
  RETURNING 1)
SELECT (SELECT count(*) FROM items)::int AS items`;

// The submit's write (itemStatsStatements): the same four upserts, and the dashboard's rollup deltas of the rows they
// change appended by the statement itself, from the triggers' own contribution functions (one copy of the rule): per
// changed row and key, its new contribution less its old one; rows whose numbers did not change add nothing, deleted
// game and flag rows their contribution negated. The old rows are read in the same statement (one snapshot: before its
// writes; the item is locked FOR NO KEY UPDATE, which every writer of these numbers takes first; a concurrent stale mark
// changes no contribution). The stats tables' rollup triggers do not fire for it (their
// WHEN reads preflab.stats_deltas_written, set around the statement). Same sums as the triggers', in fewer delta rows.
const ITEM_NUMBERS = (t: string) =>
  `(${['judgments', 'agree', 'compared', 'agreeTies', 'comparedTies', 'kendallW', 'likert', 'flagValues', 'invalid'].map((c) => `${t}.${q(c)}`).join(', ')})`;
// A row's new contributions less its old ones, key by key (one delta row per key; keys whose difference is all zeros, such as
// an unchanged duration bin, add none). A new row has no old ones; a row only in `oldRows` is not written and adds nothing.
const CHANGED = (table: string, contrib: string, newRows: string, oldRows: string, keys: string, same: string) => `
  SELECT c.* FROM ${newRows} n LEFT JOIN ${oldRows} o USING (${keys})
  CROSS JOIN LATERAL (
    SELECT coalesce(a."projectId", b."projectId") AS "projectId", kind, unit, k1, k2,
           CASE WHEN b.v IS NULL THEN a.v WHEN a.v IS NULL THEN ARRAY(SELECT -e FROM unnest(b.v) AS e)
                ELSE ARRAY(SELECT coalesce(x, 0) - coalesce(y, 0) FROM unnest(a.v, b.v) AS u(x, y)) END AS v
    FROM ${contrib}(ROW(n.*)::${table}) a
    FULL JOIN (SELECT * FROM ${contrib}(ROW(o.*)::${table}) WHERE o."projectId" IS NOT NULL) b USING (kind, unit, k1, k2)) c
  WHERE o."projectId" IS NULL OR NOT (${same})`;
const SAME_ROW = 'ROW(n.*) IS NOT DISTINCT FROM ROW(o.*)';
const WRITE_WITH_DELTAS = WRITE.replace(
  'WITH items AS (',
  `WITH old_items AS (SELECT s.* FROM item_stats s WHERE s."itemId" = ANY($5::uuid[])),
old_judgments AS (SELECT s.* FROM jsonb_to_recordset($2::jsonb) AS x("judgmentId" uuid) CROSS JOIN LATERAL (${byJudgment('judgment_stats', 'judgmentId', 's.*', 's')}) s),
old_games AS (SELECT s.* FROM item_model_games s WHERE s."itemId" = ANY($5::uuid[])),
old_flags AS (SELECT s.* FROM item_flag_stats s WHERE s."itemId" = ANY($5::uuid[])),
items AS (`,
)
  .replace(/RETURNING 1\),\njudgments AS/, 'RETURNING item_stats.*),\njudgments AS')
  .replace(/RETURNING 1\),\ngames AS/, 'RETURNING judgment_stats.*),\ngames AS')
  .replace(/RETURNING 1\),\ngames_kept AS/, 'RETURNING d.*),\ngames_kept AS')
  .replace(/RETURNING 1\),\nflags AS/, 'RETURNING item_model_games.*),\nflags AS')
  .replace(/RETURNING 1\),\nflags_kept AS/, 'RETURNING d.*),\nflags_kept AS')
  .replace(
    /RETURNING 1\)\nSELECT \(SELECT count\(\*\) FROM items\)::int AS items$/,
    `RETURNING item_flag_stats.*),
changed AS (${CHANGED('item_stats', 'dash_item_contrib', 'items', 'old_items', '"itemId"', `${ITEM_NUMBERS('n')} IS NOT DISTINCT FROM ${ITEM_NUMBERS('o')}`)}
  UNION ALL${CHANGED('judgment_stats', 'dash_judgment_contrib', 'judgments', 'old_judgments', '"judgmentId"', SAME_ROW)}
  UNION ALL${CHANGED('item_model_games', 'dash_game_contrib', 'games_kept', 'old_games', '"itemId", "modelA", "modelB"', SAME_ROW)}
  UNION ALL SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, ARRAY(SELECT -e FROM unnest(c.v) AS e)
  FROM games_gone g CROSS JOIN LATERAL dash_game_contrib(ROW(g.*)::item_model_games) c
  UNION ALL${CHANGED('item_flag_stats', 'dash_flag_contrib', 'flags_kept', 'old_flags', '"itemId", flag', SAME_ROW)}
  UNION ALL SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, ARRAY(SELECT -e FROM unnest(c.v) AS e)
  FROM flags_gone f CROSS JOIN LATERAL dash_flag_contrib(ROW(f.*)::item_flag_stats) c)
INSERT INTO dashboard_rollup_deltas ("projectId", kind, unit, k1, k2, v)
SELECT "projectId", kind, unit, k1, k2, v FROM changed WHERE EXISTS (SELECT FROM unnest(v) AS e WHERE e <> 0)`,
  );
if (!WRITE_WITH_DELTAS.includes('INSERT INTO dashboard_rollup_deltas') || WRITE_WITH_DELTAS.includes('RETURNING 1'))
  throw new Error('WRITE_WITH_DELTAS: the write changed shape');

function toInput(row: Loaded): ItemInput {
  return {
    itemId: row.itemId,
    projectId: row.projectId,
    reference: row.adjudicationRanking ?? (row.isGold ? row.goldRanking : null),
    adjudicated: row.adjudicated,
    invalid: row.invalid,
    responses: row.responses.map(([id, modelId, length]) => ({ id, modelId, length })),
    judgments: row.judgments.map(([id, userId, excluded, ranking, shownOrder, ratings]) => ({
      id,
      userId,
      excluded,
      ranking: Array.isArray(ranking) ? ranking : [],
      shownOrder,
      ratings: ratings.map(([responseId, likert, flags]) => ({ responseId, likert, flags: flags ?? [] })),
    })),
  };
}

/** The write's five parameters: each item's, judgment's, game's and flag's numbers (JSON), and the items' ids. */
function writeValues(ids: string[], rows: Loaded[], stats: ItemStats[]): [string, string, string, string, string[]] {
  return [
    JSON.stringify(stats.map((s) => s.item)),
    // Whether the item is gold now: the labelers table's achieved gold share (a gold edit marks the item stale).
    JSON.stringify(stats.flatMap((s, i) => s.judgments.map((j) => ({ ...j, onGold: rows[i]!.isGold })))),
    JSON.stringify(stats.flatMap((s) => s.games)),
    JSON.stringify(stats.flatMap((s) => s.flags)),
    ids,
  ];
}

/**
 * Recomputes the dashboard numbers of these items inside the caller's transaction: locks the
 * item rows (id order, so batches never deadlock one another), reads every judgment, and
 * rewrites item_stats, judgment_stats, item_model_games and item_flag_stats. Holding the item lock, no other
 * recompute or submit on the item can interleave, so the last writer always saw every judgment.
 */
export async function recomputeStats(client: PoolClient, itemIds: string[]): Promise<ItemStats[]> {
  if (itemIds.length === 0) return [];
  const ids = [...new Set(itemIds)].sort();
  // FOR NO KEY UPDATE: excludes other recomputes and item updates (the slot counter, gold edits)
  // but not inserts that merely reference the item (a new assignment or judgment).
  // Named: planned once per connection (a submit runs all three).
  await client.query({
    name: 'stats-lock-items',
    text: `SELECT id FROM items WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
    values: [ids],
  });
  const { rows } = await client.query<Loaded>({ name: 'stats-load', text: LOAD, values: [ids] });
  const stats = rows.map((row) => computeItemStats(toInput(row)));
  await client.query({ name: 'stats-write', text: WRITE, values: writeValues(ids, rows, stats) });
  return stats;
}

/** The load and the write, for withTransaction's `prepared` (itemStatsStatements EXECUTEs them). */
export const ITEM_STATS_PREPARED = { tx_stats_load: LOAD, tx_stats_write_deltas: WRITE_WITH_DELTAS };

/** A judgment the caller inserts after the load, in the round trip of the write: its numbers are computed with the loaded ones. */
export type AddedJudgment = ItemInput['judgments'][number];

/**
 * The loaded item with `added` among its judgments where the load would have put it had it run after the insert: ordered by
 * createdAt then id, its createdAt being the transaction's now() (the column's default, as the load reads it).
 */
function withAdded(row: Loaded, added: AddedJudgment): Loaded {
  const tuple: Loaded['judgments'][number] = [
    added.id,
    added.userId,
    added.excluded,
    added.ranking,
    added.shownOrder,
    added.ratings.map((r) => [r.responseId, r.likert, r.flags] as [string, number | null, string[]]),
    row.nowMs,
  ];
  const after = (j: Loaded['judgments'][number]) => j[6] > row.nowMs || (j[6] === row.nowMs && j[0] > added.id);
  const at = row.judgments.findIndex(after);
  const judgments = [...row.judgments];
  judgments.splice(at === -1 ? judgments.length : at, 0, tuple);
  return { ...row, judgments };
}

/**
 * The load of the item this transaction locked for its recompute (the ranking submit's tx_rank_lock_item names it in the
 * setting preflab.stats_recomputed_item; none when no row was locked: then it loads nothing), as SQL text for the caller's
 * round trip, right behind that lock. Sequential scans are off from there on in the transaction (set by the caller's
 * statement before it, see rank.ts), so the load's generic plan reads the item's rows by index.
 */
export function lockedItemStatsLoad(): string {
  return executeSql(ITEM_STATS_PREPARED, 'tx_stats_load', [
    `ARRAY[nullif(current_setting('preflab.stats_recomputed_item', true), '')::uuid]`,
  ]);
}

/**
 * The same recompute for one item as SQL text, for a transaction that batches its round trips (the
 * ranking submit, lib/tasks/kinds/rank.ts): `load` (simple protocol) goes in a round trip of the
 * caller's, after the item row was locked FOR NO KEY UPDATE (as recomputeStats locks it) by an
 * earlier statement, so the load sees every committed judgment; `write` turns the load's result into
 * the write, for the caller to send (with its COMMIT), with `added`, a judgment the caller inserts
 * after the load and before the write, among the item's. Both EXECUTE ITEM_STATS_PREPARED, which the
 * caller PREPAREs on the connection (withTransaction's `prepared`).
 */
export function itemStatsStatements(itemId: string): { load: string; write: (loaded: QueryResult, added?: AddedJudgment) => string } {
  const ids = `ARRAY[${sqlLiteral(itemId)}]::uuid[]`;
  return {
    load: executeSql(ITEM_STATS_PREPARED, 'tx_stats_load', [ids]),
    write(loaded, added) {
      const rows = (loaded.rows as Loaded[]).map((row) => (added && row.itemId === itemId ? withAdded(row, added) : row));
      if (added && !rows.some((row) => row.itemId === itemId)) throw new Error('the stats load returned no row for the item');
      const [items, judgments, games, flags] = writeValues(
        [itemId],
        rows,
        rows.map((row) => computeItemStats(toInput(row))),
      );
      // The write appends its own rollup deltas; the rollup triggers stand aside for that one statement (their WHEN reads
      // the setting, local to the transaction and cleared right after). Floats enter the sums through their shortest
      // exact text, as in the trigger functions (extra_float_digits = 1, PostgreSQL's default). Sequential scans are off
      // for it: its generic plan (made once per connection, under these settings, while the tables may be small, and
      // guessing 10 ids in the array) would otherwise scan the whole of item_model_games, item_stats and item_flag_stats
      // for the one item (a cost that grows with the project) instead of reading its rows by their primary keys.
      return [
        `SELECT set_config('preflab.stats_deltas_written', 'on', true), set_config('extra_float_digits', '1', true), set_config('enable_seqscan', 'off', true)`,
        executeSql(ITEM_STATS_PREPARED, 'tx_stats_write_deltas', [...[items, judgments, games, flags].map((v) => sqlLiteral(v)), ids]),
        `SELECT set_config('preflab.stats_deltas_written', '', true), set_config('enable_seqscan', 'on', true)`,
      ].join(';\n');
    },
  };
}
