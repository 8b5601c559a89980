import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { itemContentHash, textHash } from '@/lib/import/content-hash';
import type { ImportCritique, ImportItem } from '@/lib/import/types';

/** Existing items of the project among `externalIds`, with their content hashes. */
export async function findExistingItems(db: pg.Pool | pg.PoolClient, projectId: string, externalIds: string[]): Promise<Map<string, string | null>> {
  if (externalIds.length === 0) return new Map();
  const { rows } = await db.query<{ externalId: string; contentHash: string | null }>(
    `SELECT "externalId", "contentHash" FROM items WHERE "projectId" = $1 AND "externalId" = ANY($2::text[])`,
    [projectId, externalIds],
  );
  return new Map(rows.map((r) => [r.externalId, r.contentHash]));
}

/**
 * Inserts items and their responses with one multi-row statement per table (unnest of column
 * arrays). Ids are made here so responses and gold rankings can point at their item.
 */
export async function insertItems(client: pg.PoolClient, projectId: string, items: ImportItem[]): Promise<number> {
  if (items.length === 0) return 0;
  const item = { id: [] as string[], externalId: [] as string[], messages: [] as string[], metadata: [] as string[], gold: [] as (string | null)[], hash: [] as string[] };
  const resp = { id: [] as string[], itemId: [] as string[], externalId: [] as string[], modelId: [] as (string | null)[], text: [] as string[], metadata: [] as string[] };
  for (const it of items) {
    const itemId = randomUUID();
    const idOf = new Map<string, string>();
    for (const r of it.responses) {
      const id = randomUUID();
      idOf.set(r.externalId, id);
      resp.id.push(id);
      resp.itemId.push(itemId);
      resp.externalId.push(r.externalId);
      resp.modelId.push(r.modelId);
      resp.text.push(r.text);
      resp.metadata.push(JSON.stringify(r.metadata));
    }
    item.id.push(itemId);
    item.externalId.push(it.externalId);
    item.messages.push(JSON.stringify(it.messages));
    item.metadata.push(JSON.stringify(it.metadata));
    // Gold rankings are stored with internal response ids, like judgments.
    item.gold.push(it.goldRanking ? JSON.stringify(it.goldRanking.map((group) => group.map((x) => idOf.get(x) ?? x))) : null);
    item.hash.push(itemContentHash(it));
  }
  await client.query(
    `INSERT INTO items (id, "projectId", "externalId", messages, metadata, "isGold", "goldRanking", "contentHash")
     SELECT u.id, $1, u.ext, u.msg, u.meta, u.gold IS NOT NULL, u.gold, u.hash
     FROM unnest($2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[], $6::jsonb[], $7::text[]) AS u(id, ext, msg, meta, gold, hash)`,
    [projectId, item.id, item.externalId, item.messages, item.metadata, item.gold, item.hash],
  );
  await client.query(
    `INSERT INTO responses (id, "itemId", "externalId", "modelId", text, metadata)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
    [resp.id, resp.itemId, resp.externalId, resp.modelId, resp.text, resp.metadata],
  );
  return resp.id.length;
}

/** Response ids of the project by external id; an external id used by several responses maps to all of them. */
export async function findResponses(db: pg.Pool | pg.PoolClient, projectId: string, externalIds: string[]): Promise<Map<string, string[]>> {
  if (externalIds.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; externalId: string }>(
    `SELECT r.id, r."externalId" FROM responses r JOIN items i ON i.id = r."itemId"
     WHERE i."projectId" = $1 AND r."externalId" = ANY($2::text[])`,
    [projectId, externalIds],
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.externalId, [...(out.get(r.externalId) ?? []), r.id]);
  return out;
}

/** Inserts critiques, once per (response, text); returns how many were new. */
export async function insertCritiques(client: pg.PoolClient, rows: { responseId: string; critique: ImportCritique }[]): Promise<number> {
  const responseId: string[] = [];
  const text: string[] = [];
  const hash: string[] = [];
  const modelId: (string | null)[] = [];
  for (const { responseId: id, critique } of rows) {
    for (const t of critique.critiques) {
      responseId.push(id);
      text.push(t);
      hash.push(textHash(t));
      modelId.push(critique.modelId);
    }
  }
  if (text.length === 0) return 0;
  const result = await client.query(
    `INSERT INTO critiques ("responseId", text, "textHash", "modelId")
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT ("responseId", "textHash") DO NOTHING`,
    [responseId, text, hash, modelId],
  );
  return result.rowCount ?? 0;
}
