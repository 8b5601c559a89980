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
  judgments: [string, string, boolean, string[][], string[] | null, [string, number | null, string[]][]][];
};

// One round trip for the whole batch: each item with its responses (lengths, not texts), and its
// judgments oldest first with whether they are counted labels (lib/judgments/counted-labels.ts;
// stored as judgment_stats.userExcluded / counted), shown order and ratings.
const LOAD = `
SELECT i.id AS "itemId", i."projectId", i."isGold", i."goldRanking", ad.ranking AS "adjudicationRanking",
       ad.id IS NOT NULL AS adjudicated, coalesce(ad.invalid, false) AS invalid,
       coalesce((SELECT json_agg(json_build_array(r.id, r."modelId", length(r.text))) FROM responses r WHERE r."itemId" = i.id), '[]') AS responses,
       coalesce((
         SELECT json_agg(json_build_array(j.id, j."userId", NOT ${countedLabelSql({ user: 'j."userId"', project: 'i."projectId"' })}, j.ranking, a."shownOrder",
                  coalesce((SELECT json_agg(json_build_array(rr."responseId", rr.likert, rr.flags)) FROM response_ratings rr WHERE rr."judgmentId" = j.id), '[]'))
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
  JOIN judgments j ON j.id = x."judgmentId"
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
export const ITEM_STATS_PREPARED = { tx_stats_load: LOAD, tx_stats_write: WRITE };

/**
 * The same recompute for one item as SQL text, for a transaction that batches its round trips (the
 * ranking submit, lib/tasks/kinds/rank.ts): `load` (simple protocol) goes in a round trip of the
 * caller's, after the item row was locked FOR NO KEY UPDATE (as recomputeStats locks it) by an
 * earlier statement, so the load sees every committed judgment; `write` turns the load's result into
 * the write, for the caller to send (with its COMMIT). Both EXECUTE ITEM_STATS_PREPARED, which the
 * caller PREPAREs on the connection (withTransaction's `prepared`).
 */
export function itemStatsStatements(itemId: string): { load: string; write: (loaded: QueryResult) => string } {
  const ids = `ARRAY[${sqlLiteral(itemId)}]::uuid[]`;
  return {
    load: executeSql(ITEM_STATS_PREPARED, 'tx_stats_load', [ids]),
    write(loaded) {
      const rows = loaded.rows as Loaded[];
      const [items, judgments, games, flags] = writeValues(
        [itemId],
        rows,
        rows.map((row) => computeItemStats(toInput(row))),
      );
      return executeSql(ITEM_STATS_PREPARED, 'tx_stats_write', [...[items, judgments, games, flags].map((v) => sqlLiteral(v)), ids]);
    },
  };
}
