import { randomUUID } from 'node:crypto';
import type { Kysely, NotNull } from 'kysely';
import type pg from 'pg';
import type { DB } from '@/generated/kysely/types';
import { itemContentHash } from '@/lib/import/content-hash';
import type { ImportItem } from '@/lib/import/types';

/** Existing items of the project among `externalIds`, with their content hashes. */
export async function findExistingItems(db: Kysely<DB>, projectId: string, externalIds: string[]): Promise<Map<string, string | null>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('items')
    .select(['externalId', 'contentHash'])
    .where('projectId', '=', projectId)
    .where((eb) => eb('externalId', '=', eb.fn.any(eb.val(externalIds))))
    .$narrowType<{ externalId: NotNull }>()
    .execute();
  return new Map(rows.map((r) => [r.externalId, r.contentHash]));
}

/**
 * Inserts items and their responses with one multi-row statement per table (unnest of column
 * arrays). Ids are made here so responses and gold rankings can point at their item.
 */
export async function insertItems(client: pg.PoolClient, projectId: string, items: ImportItem[]): Promise<number> {
  if (items.length === 0) return 0;
  const item = { id: [] as string[], externalId: [] as string[], messages: [] as string[], metadata: [] as string[], gold: [] as (string | null)[], hash: [] as string[], language: [] as (string | null)[], proficiency: [] as (string | null)[], expertise: [] as (string | null)[] };
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
    item.language.push(it.requirements?.language ?? null);
    item.proficiency.push(it.requirements?.proficiency ?? null);
    item.expertise.push(it.requirements?.expertise ?? null);
  }
  await client.query(
    `INSERT INTO items (id, "projectId", "externalId", messages, metadata, "isGold", "goldRanking", "contentHash", "requiredLanguage", "requiredProficiency", "requiredExpertise")
     SELECT u.id, $1, u.ext, u.msg, u.meta, u.gold IS NOT NULL, u.gold, u.hash, u.lang, u.prof::"LanguageProficiency", u.exp
     FROM unnest($2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[], $6::jsonb[], $7::text[], $8::text[], $9::text[], $10::text[]) AS u(id, ext, msg, meta, gold, hash, lang, prof, exp)`,
    [projectId, item.id, item.externalId, item.messages, item.metadata, item.gold, item.hash, item.language, item.proficiency, item.expertise],
  );
  await client.query(
    `INSERT INTO responses (id, "itemId", "externalId", "modelId", text, metadata)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
    [resp.id, resp.itemId, resp.externalId, resp.modelId, resp.text, resp.metadata],
  );
  return resp.id.length;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Response ids of the project by the ids a file gives: a response's external id or its uuid. A
 * given id used by several responses maps to all of them (the caller refuses it).
 */
export async function findResponses(db: Kysely<DB>, projectId: string, refs: string[]): Promise<Map<string, string[]>> {
  if (refs.length === 0) return new Map();
  const uuids = [...new Set(refs.filter((r) => UUID.test(r)).map((r) => r.toLowerCase()))];
  const rows = await db
    .selectFrom('responses as r')
    .innerJoin('items as i', 'i.id', 'r.itemId')
    .select(['r.id', 'r.externalId'])
    .where('i.projectId', '=', projectId)
    .where((eb) => eb.or([eb('r.externalId', '=', eb.fn.any(eb.val(refs))), eb('r.id', '=', eb.fn.any(eb.val(uuids)))]))
    .execute();
  const byExternal = new Map<string, string[]>();
  for (const r of rows) if (r.externalId !== null) byExternal.set(r.externalId, [...(byExternal.get(r.externalId) ?? []), r.id]);
  const byId = new Set(rows.map((r) => r.id));
  const out = new Map<string, string[]>();
  for (const ref of new Set(refs)) {
    const ids = new Set(byExternal.get(ref) ?? []);
    if (byId.has(ref.toLowerCase())) ids.add(ref.toLowerCase());
    out.set(ref, [...ids]);
  }
  return out;
}
