import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely, NotNull } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as timeOrderedId } from 'uuid';
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

const COPY_SPECIAL = /[\\\t\n\r]/;

/**
 * A value in COPY's text format: `\N` for null; backslash, tab, line feed and carriage return
 * escaped. Most texts have none of them and are returned as they are (a replace copies the text).
 */
function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** One row of COPY's text format: the values escaped, tab-separated, a line feed at the end. */
function copyRow(values: (string | null)[]): string {
  let row = copyValue(values[0] ?? null);
  for (let i = 1; i < values.length; i++) row += `\t${copyValue(values[i] ?? null)}`;
  return `${row}\n`;
}

/** COPY rows are sent in pieces of about this many characters: small enough to die young, large enough to be few. */
const COPY_CHUNK_CHARS = 64 * 1024;

function* inChunks(rows: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += row;
    if (chunk.length >= COPY_CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * Streams `rows` (COPY text format, one string per row, made as they are sent) into `sql` (a
 * COPY … FROM STDIN) on the transaction's connection, in pieces. No string or buffer of a whole
 * batch is made (issue 23: a batch's joined text, megabytes, went straight to V8's old generation
 * and its buffer to the C heap, which grew the import's peak RSS).
 */
async function copyRows(client: pg.PoolClient, sql: string, rows: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(inChunks(rows)), client.query(copyFrom(sql)));
}

/**
 * Inserts items and their responses with one COPY per table (issue 23: PostgreSQL reads COPY's
 * rows faster than the same rows as arrays through unnest). Ids are made here so responses and
 * gold rankings can point at their item: time-ordered (UUID version 7, as PostgreSQL 18's
 * uuidv7()), so every primary-key and item-id index of a large import grows at its right edge
 * instead of at random pages (issue 23). Nothing reads order or meaning into an id: responses are
 * shuffled with random() when shown, bootstrap buckets hash the id's text.
 */
export async function insertItems(client: pg.PoolClient, projectId: string, items: ImportItem[]): Promise<number> {
  if (items.length === 0) return 0;
  const itemIds = items.map(() => timeOrderedId());
  const responseIds = items.map((it) => it.responses.map(() => timeOrderedId()));
  function* itemRows() {
    for (const [n, it] of items.entries()) {
      const ids = responseIds[n] ?? [];
      const idOf = new Map(it.responses.map((r, i) => [r.externalId, ids[i]]));
      // Gold rankings are stored with internal response ids, like judgments.
      const gold = it.goldRanking ? JSON.stringify(it.goldRanking.map((group) => group.map((x) => idOf.get(x) ?? x))) : null;
      yield copyRow([
        itemIds[n] ?? null,
        projectId,
        it.externalId,
        JSON.stringify(it.messages),
        JSON.stringify(it.metadata),
        gold === null ? 'f' : 't',
        gold,
        itemContentHash(it),
        it.requirements?.language ?? null,
        it.requirements?.proficiency ?? null,
        it.requirements?.expertise ?? null,
        it.responses.length === 0 ? 't' : 'f',
      ]);
    }
  }
  function* responseRows() {
    for (const [n, it] of items.entries())
      for (const [i, r] of it.responses.entries())
        yield copyRow([responseIds[n]?.[i] ?? null, itemIds[n] ?? null, r.externalId, r.modelId, r.text, JSON.stringify(r.metadata)]);
  }
  await copyRows(
    client,
    `COPY items (id, "projectId", "externalId", messages, metadata, "isGold", "goldRanking", "contentHash", "requiredLanguage", "requiredProficiency", "requiredExpertise", "awaitingResponses") FROM STDIN`,
    itemRows(),
  );
  await copyRows(client, `COPY responses (id, "itemId", "externalId", "modelId", text, metadata) FROM STDIN`, responseRows());
  return responseIds.reduce((sum, ids) => sum + ids.length, 0);
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
