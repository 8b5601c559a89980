import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely, NotNull } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
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

/** A value in COPY's text format: `\N` for null; backslash, tab, line feed and carriage return escaped. */
function copyValue(value: string | null): string {
  return value === null
    ? '\\N'
    : value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const copyRow = (values: (string | null)[]) => `${values.map(copyValue).join('\t')}\n`;

/** Streams `rows` (COPY text format, one string per row) into `sql` (a COPY … FROM STDIN) on the transaction's connection. */
async function copyRows(client: pg.PoolClient, sql: string, rows: string[]): Promise<void> {
  await pipeline(Readable.from([rows.join('')]), client.query(copyFrom(sql)));
}

/**
 * Inserts items and their responses with one COPY per table (issue 23: PostgreSQL reads COPY's
 * rows faster than the same rows as arrays through unnest). Ids are made here so responses and
 * gold rankings can point at their item.
 */
export async function insertItems(client: pg.PoolClient, projectId: string, items: ImportItem[]): Promise<number> {
  if (items.length === 0) return 0;
  const itemRows: string[] = [];
  const responseRows: string[] = [];
  for (const it of items) {
    const itemId = randomUUID();
    const idOf = new Map<string, string>();
    for (const r of it.responses) {
      const id = randomUUID();
      idOf.set(r.externalId, id);
      responseRows.push(copyRow([id, itemId, r.externalId, r.modelId, r.text, JSON.stringify(r.metadata)]));
    }
    // Gold rankings are stored with internal response ids, like judgments.
    const gold = it.goldRanking ? JSON.stringify(it.goldRanking.map((group) => group.map((x) => idOf.get(x) ?? x))) : null;
    itemRows.push(
      copyRow([
        itemId,
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
      ]),
    );
  }
  await copyRows(
    client,
    `COPY items (id, "projectId", "externalId", messages, metadata, "isGold", "goldRanking", "contentHash", "requiredLanguage", "requiredProficiency", "requiredExpertise", "awaitingResponses") FROM STDIN`,
    itemRows,
  );
  await copyRows(client, `COPY responses (id, "itemId", "externalId", "modelId", text, metadata) FROM STDIN`, responseRows);
  return responseRows.length;
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
