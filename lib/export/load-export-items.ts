import type { ClientBase } from 'pg';
import { labelerPseudonym } from '@/lib/export/labeler-pseudonym';
import type { ExportSettings } from '@/lib/export/schemas';
import type { ExportItem, ExportJudgment } from '@/lib/export/types';
import type { TFlaw } from '@/lib/judgments/schemas';
import type { ImportMessage } from '@/lib/import/types';

export const EXPORT_BATCH_ITEMS = 250;

/** Responses as [id, externalId, modelId, text]; judgments as [id, userId, source, ranking, allUnacceptable, promptFlags, durationMs, taxonomyVersion, createdAt, shownOrder, ratings]; ratings as [responseId, likert, flags, flaws]. */
type RatingTuple = [string, number | null, string[], TFlaw[]];
type JudgmentTuple = [string, string, 'LABELED' | 'IMPORTED', string[][], boolean, string[], number, number, string, string[] | null, RatingTuple[] | null];
type ItemRow = {
  id: string;
  externalId: string | null;
  messages: ImportMessage[];
  isGold: boolean;
  cursorAt: string;
  adjudicatedRanking: string[][] | null;
  responses: [string, string | null, string | null, string][];
  judgments: JudgmentTuple[];
  /** Accepted demonstrations as [id, userId, text (the lead's edit when there is one)]; read for "sft" only. */
  demonstrations: [string, string, string][];
};

/** Items an export reads: the project's, never those adjudicated invalid, gold left out on request. */
const ITEM_FILTER = `i."projectId" = $1 AND adj."invalid" IS NOT TRUE AND (NOT $2::boolean OR NOT i."isGold")`;

/** Items an export will read (progress total). */
export async function countExportItems(client: ClientBase, projectId: string, settings: ExportSettings): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM items i LEFT JOIN adjudications adj ON adj."itemId" = i.id WHERE ${ITEM_FILTER}`,
    [projectId, settings.pair.excludeGold],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Columns are `timestamp(3)` holding UTC: compare with the instant written without its zone. */
const toTimestamp = (iso: string | null) => (iso ? iso.replace('Z', '') : null);

/**
 * One batch in one round trip: the items after the cursor, each with its responses and kept
 * judgments (with ratings and the assignment's shown order) aggregated as JSON arrays by
 * PostgreSQL, so the next batch can be asked for at once while this one is written.
 */
const BATCH_SQL = `
  SELECT i.id, i."externalId", i.messages, i."isGold", i."createdAt"::text AS "cursorAt", adj.ranking AS "adjudicatedRanking",
         (SELECT coalesce(json_agg(json_build_array(r.id, r."externalId", r."modelId", r.text) ORDER BY r."createdAt", r."externalId", r.id), '[]')
            FROM responses r WHERE r."itemId" = i.id) AS responses,
         (SELECT coalesce(json_agg(json_build_array(
                   j.id, j."userId", j.source, j.ranking, j."allUnacceptable", j."promptFlags", j."durationMs", j."taxonomyVersion",
                   to_char(j."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), a."shownOrder",
                   (SELECT json_agg(json_build_array(rr."responseId", rr.likert, rr.flags, rr.flaws)) FROM response_ratings rr WHERE rr."judgmentId" = j.id))
                 ORDER BY j."createdAt", j.id), '[]')
            FROM judgments j LEFT JOIN assignments a ON a.id = j."assignmentId"
           WHERE j."itemId" = i.id AND j."userId" <> ALL($6::uuid[])
             AND ($7::timestamp IS NULL OR j."createdAt" >= $7::timestamp) AND ($8::timestamp IS NULL OR j."createdAt" < $8::timestamp)) AS judgments,
         (SELECT coalesce(json_agg(json_build_array(d.id, d."userId", coalesce(d."editedText", d.text)) ORDER BY d."createdAt", d.id), '[]')
            FROM demonstrations d
           WHERE $9::boolean AND d."itemId" = i.id AND d.status = 'ACCEPTED' AND d."userId" <> ALL($6::uuid[])
             AND ($7::timestamp IS NULL OR d."createdAt" >= $7::timestamp) AND ($8::timestamp IS NULL OR d."createdAt" < $8::timestamp)) AS demonstrations
    FROM items i LEFT JOIN adjudications adj ON adj."itemId" = i.id
   WHERE ${ITEM_FILTER} AND ($3::timestamp IS NULL OR (i."createdAt", i.id) > ($3::timestamp, $4::uuid))
   ORDER BY i."createdAt", i.id
   LIMIT $5`;

function toJudgment(t: JudgmentTuple, labeler: string): ExportJudgment {
  const likert: Record<string, number | null> = {};
  const flags: Record<string, string[]> = {};
  const flaws: Record<string, TFlaw[]> = {};
  for (const [responseId, score, responseFlags, responseFlaws] of t[10] ?? []) {
    likert[responseId] = score;
    if (responseFlags.length > 0) flags[responseId] = responseFlags;
    if (responseFlaws.length > 0) flaws[responseId] = responseFlaws;
  }
  return {
    judgmentId: t[0],
    labeler,
    source: t[2],
    ranking: t[3],
    allUnacceptable: t[4],
    likert,
    flags,
    flaws,
    promptFlags: t[5],
    shownOrder: t[9],
    durationMs: t[6],
    taxonomyVersion: t[7],
    createdAt: t[8],
  };
}

type Cursor = { at: string; id: string } | null;
type Batch = { items: ExportItem[]; scanned: number; last: Cursor };
type Query = { client: ClientBase; projectId: string; settings: ExportSettings; limit: number; excluded: string[]; names: Map<string, string> };

async function fetchBatch(q: Query, after: Cursor): Promise<Batch> {
  const { settings, projectId } = q;
  const { rows } = await q.client.query<ItemRow>(BATCH_SQL, [
    projectId,
    settings.pair.excludeGold,
    after?.at ?? null,
    after?.id ?? null,
    q.limit,
    q.excluded,
    toTimestamp(settings.judgedFrom),
    toTimestamp(settings.judgedBefore),
    settings.format === 'sft',
  ]);
  const dated = settings.judgedFrom !== null || settings.judgedBefore !== null;
  const items: ExportItem[] = [];
  for (const row of rows) {
    // An item enters with a judgment left after the filters, or with a lead's ranking when no date range narrows the judgments.
    // For "sft", an accepted demonstration is enough.
    if (row.judgments.length === 0 && row.demonstrations.length === 0 && (row.adjudicatedRanking === null || dated)) continue;
    const judgments = row.judgments.map((t) => {
      let name = q.names.get(t[1]);
      if (!name) q.names.set(t[1], (name = labelerPseudonym(projectId, t[1])));
      return toJudgment(t, name);
    });
    items.push({
      itemId: row.id,
      externalId: row.externalId,
      messages: row.messages,
      responses: row.responses.map(([id, externalId, modelId, text]) => ({ id, externalId, modelId, text })),
      isGold: row.isGold,
      judgments,
      adjudicatedRanking: row.adjudicatedRanking,
      demonstrations: row.demonstrations.map(([demonstrationId, userId, text]) => {
        let labeler = q.names.get(userId);
        if (!labeler) q.names.set(userId, (labeler = labelerPseudonym(projectId, userId)));
        return { demonstrationId, labeler, text };
      }),
    });
  }
  const lastRow = rows[rows.length - 1];
  return { items, scanned: rows.length, last: lastRow && rows.length === q.limit ? { at: lastRow.cursorAt, id: lastRow.id } : null };
}

/**
 * A project's items for an export, in a stable order (created, then id), in batches by keyset
 * pagination, with their responses and the judgments the settings keep: never those of labelers a
 * lead excluded, never items adjudicated invalid, judgments inside the date range only; an
 * adjudicated item carries the lead's ranking. Labelers appear as pseudonyms (labelerPseudonym).
 * Run it inside a REPEATABLE READ transaction on `client` for one consistent view. The next batch
 * is queried while the caller handles the current one. `scanned` counts items read, kept or not.
 */
export async function* loadExportItems(options: { client: ClientBase; projectId: string; settings: ExportSettings; batchSize?: number }): AsyncGenerator<{ items: ExportItem[]; scanned: number }> {
  const { client, projectId, settings } = options;
  const { rows } = await client.query<{ userId: string }>(`SELECT "userId" FROM memberships WHERE "projectId" = $1 AND excluded`, [projectId]);
  const q: Query = { client, projectId, settings, limit: options.batchSize ?? EXPORT_BATCH_ITEMS, excluded: rows.map((r) => r.userId), names: new Map() };
  let pending: Promise<Batch> | null = fetchBatch(q, null);
  try {
    while (pending) {
      const batch: Batch = await pending;
      pending = batch.last ? fetchBatch(q, batch.last) : null;
      // Settled later (or in finally); a rejection meanwhile must not go unhandled.
      pending?.catch(() => undefined);
      if (batch.scanned > 0) yield { items: batch.items, scanned: batch.scanned };
    }
  } finally {
    // The caller stopped early: let the query in flight finish before the connection is reused.
    if (pending) await pending.catch(() => undefined);
  }
}
