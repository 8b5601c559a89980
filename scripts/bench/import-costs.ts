/**
 * Where PostgreSQL's time goes when an import writes items and responses (issue 23, third round):
 * COPYs the same generated rows (those of scripts/bench/import.ts: a 200-character prompt, K
 * responses of 1,000 characters) into fresh copies of the migrated schema, each with one thing
 * changed (an index or a trigger dropped, a storage parameter set), in batches of 500 items in one
 * transaction with time-ordered ids, as lib/import/write-batch.ts writes them. Per variant: CPU of
 * the PostgreSQL backend (from /proc; the COPY text is built before the clock starts) and WAL
 * bytes, several rounds alternated. An experiment, not one of `npm run bench`'s figures.
 *   BENCH_DATABASE_ADMIN_URL=… tsx scripts/bench/import-costs.ts [--items 10000] [--rounds 3] [--only a,b]
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as timeOrderedId } from 'uuid';
import { ensureDatabase } from '../lib/embedded-postgres';
import { deployMigrations } from '../lib/migrations';
import { text } from './import';

/** The schema before migration item_search_table: the search text a stored generated column of items, its GIN on items. */
const BEFORE = `DROP TRIGGER items_insert_search ON items; DROP TRIGGER items_delete_search ON items; DROP TRIGGER items_messages_search ON items;
  DROP TABLE item_search;
  ALTER TABLE items ADD COLUMN "searchText" TEXT GENERATED ALWAYS AS (lower(item_search_text("messages"))) STORED;
  CREATE INDEX items_search_trgm_idx ON items USING gin ("searchText" gin_trgm_ops)`;

/** The insert trigger before migration item_search_pending: the search row (and its trigram entries) written with the items. */
const SEARCH_ROW_ON_INSERT = `CREATE OR REPLACE FUNCTION item_search_write() RETURNS trigger AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO item_search ("itemId", "searchText") SELECT n.id, lower(item_search_text(n.messages)) FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
      DELETE FROM item_search s USING old_rows o WHERE s."itemId" = o.id;
    ELSE
      UPDATE item_search SET "searchText" = lower(item_search_text(NEW.messages)) WHERE "itemId" = NEW.id;
    END IF;
    RETURN NULL;
  END $$ LANGUAGE plpgsql`;

/** Variants: SQL run on a fresh copy of the migrated schema before the COPY. */
export const VARIANTS: Record<string, string> = {
  schema: '',
  'before: search row written on insert': SEARCH_ROW_ON_INSERT,
  'before: search column on items': BEFORE,
  'no trigram GIN': 'DROP INDEX items_search_trgm_idx',
  'no search trigger on insert (neither pending nor row)': 'DROP TRIGGER items_insert_search ON items',
  'no items (projectId, externalId) unique':
    'ALTER TABLE items DROP CONSTRAINT IF EXISTS "items_projectId_externalId_key"; DROP INDEX IF EXISTS "items_projectId_externalId_key"',
  'no items (projectId, priority, createdAt)': 'DROP INDEX "items_projectId_priority_createdAt_idx"',
  'no items browser index': 'DROP INDEX "items_projectId_createdAt_id_idx"',
  'no item_slots rows (the claim pick table)': 'DROP TRIGGER items_insert_slots ON items',
  'no items → projects FK': 'ALTER TABLE items DROP CONSTRAINT "items_projectId_fkey"',
  'no progress trigger': 'DROP TRIGGER items_insert_log_progress ON items',
  'no responses → items FK': 'ALTER TABLE responses DROP CONSTRAINT "responses_itemId_fkey"',
  'no responses (itemId, externalId) unique':
    'ALTER TABLE responses DROP CONSTRAINT IF EXISTS "responses_itemId_externalId_key"; DROP INDEX IF EXISTS "responses_itemId_externalId_key"',
  'no responses externalId index': 'DROP INDEX "responses_externalId_idx"',
  'no responses (modelId, itemId)': 'DROP INDEX "responses_modelId_itemId_idx"',
  'no responses authorId index': 'DROP INDEX "responses_authorId_idx"',
  'no responses generationTaskId unique':
    'ALTER TABLE responses DROP CONSTRAINT IF EXISTS "responses_generationTaskId_key"; DROP INDEX IF EXISTS "responses_generationTaskId_key"',
  'GIN pending list 64 MB, work_mem 64 MB': 'ALTER INDEX items_search_trgm_idx SET (gin_pending_list_limit = 65536)',
  'GIN fastupdate off': 'ALTER INDEX items_search_trgm_idx SET (fastupdate = off)',
};

/** Session settings per variant (SET inside the COPY's transaction). */
const SESSION: Record<string, string> = { 'GIN pending list 64 MB, work_mem 64 MB': "SET LOCAL work_mem = '64MB'" };

function backendCpu(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

async function main() {
  const { values } = parseArgs({
    options: {
      claim: { type: 'boolean', default: false },
      items: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '3' },
      only: { type: 'string' },
      responses: { type: 'string', default: '4' },
    },
  });
  const admin = process.env.BENCH_DATABASE_ADMIN_URL;
  if (!admin) throw new Error('BENCH_DATABASE_ADMIN_URL is required (a superuser: CREATE DATABASE … TEMPLATE, CHECKPOINT)');
  const urlOf = (db: string) => admin.replace(/\/[^/?]+(\?|$)/, `/${db}$1`);
  const template = `import_costs_tpl_${process.pid}`;
  await ensureDatabase(admin, template);
  await deployMigrations({ databaseUrl: urlOf(template) });
  const adminClient = new pg.Client({ connectionString: admin });
  await adminClient.connect();
  const names = values.only
    ? values.only.split(',').map((n) => Object.keys(VARIANTS).find((k) => k.startsWith(n)) ?? n)
    : Object.keys(VARIANTS);
  const items = Number(values.items);
  const k = Number(values.responses);
  const results: Record<string, { cpu: number[]; walMb: number[] }> = {};
  try {
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const name of names) {
        const sql = VARIANTS[name];
        if (sql === undefined) throw new Error(`no variant ${name}`);
        const db = `import_costs_${process.pid}_${round}`;
        await adminClient.query(`DROP DATABASE IF EXISTS ${db}`);
        await adminClient.query(`CREATE DATABASE ${db} TEMPLATE ${template}`);
        const client = new pg.Client({ connectionString: urlOf(db) });
        await client.connect();
        try {
          const project = (
            await client.query<{ id: string }>(`INSERT INTO projects (slug, name, "updatedAt") VALUES ('c', 'c', now()) RETURNING id`)
          ).rows[0]!.id;
          if (sql) await client.query(sql);
          if (values.claim) {
            await claimUpdates(client, project, name, results);
            continue;
          }
          // The COPY text of every batch, made before the clock starts.
          const batches: [string, string][] = [];
          for (let start = 0; start < items; start += 500) {
            let itemText = '';
            let responseText = '';
            for (let i = start; i < Math.min(items, start + 500); i++) {
              const id = timeOrderedId();
              const messages = JSON.stringify([{ role: 'user', content: `Question ${i}: ${text(200, i)}` }]);
              itemText += `${id}\t${project}\tbench-${i}\t${messages}\t{"source":"bench","n":${i}}\tf\t\\N\t${'0'.repeat(64)}\t\\N\t\\N\t\\N\tf\n`;
              for (let j = 0; j < k; j++)
                responseText += `${timeOrderedId()}\t${id}\tbench-${i}-${j}\tmodel-${j}\t${text(1000, i + j)}\t{}\n`;
            }
            batches.push([itemText, responseText]);
          }
          await client.query('CHECKPOINT');
          const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
          const lsn0 = (await client.query<{ l: string }>('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0]!.l;
          const cpu0 = backendCpu(pid);
          await client.query('BEGIN');
          if (SESSION[name]) await client.query(SESSION[name]);
          for (const [itemText, responseText] of batches) {
            await pipeline(
              Readable.from([itemText]),
              client.query(
                copyFrom(
                  `COPY items (id, "projectId", "externalId", messages, metadata, "isGold", "goldRanking", "contentHash", "requiredLanguage", "requiredProficiency", "requiredExpertise", "awaitingResponses") FROM STDIN`,
                ),
              ),
            );
            await pipeline(
              Readable.from([responseText]),
              client.query(copyFrom(`COPY responses (id, "itemId", "externalId", "modelId", text, metadata) FROM STDIN`)),
            );
          }
          await client.query('COMMIT');
          const cpu = backendCpu(pid) - cpu0;
          const wal = (await client.query<{ b: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '${lsn0}')::bigint AS b`))
            .rows[0]!.b;
          (results[name] ??= { cpu: [], walMb: [] }).cpu.push(Math.round(cpu * 100) / 100);
          results[name].walMb.push(Math.round(Number(wal) / 1024 / 1024));
          console.error(`round ${round + 1} ${name}: ${cpu.toFixed(2)} s, ${Math.round(Number(wal) / 1024 / 1024)} MB WAL`);
        } finally {
          await client.end();
          await adminClient.query(`DROP DATABASE IF EXISTS ${db}`);
        }
      }
    }
    const base = results.schema ? median(results.schema.cpu) : null;
    if (values.claim) return;
    console.log(`\n${items.toLocaleString('en')} items × ${k} responses, PostgreSQL backend CPU (median of ${values.rounds}) and WAL:`);
    for (const [name, r] of Object.entries(results))
      console.log(
        `| ${name} | ${median(r.cpu).toFixed(2)} s | ${Math.min(...r.cpu).toFixed(2)} s | ${r.cpu.join(', ')} | ${base ? `${Math.round((1 - median(r.cpu) / base) * 100)}%` : ''} | ${median(r.walMb)} MB |`,
      );
  } finally {
    await adminClient.query(`DROP DATABASE IF EXISTS ${template}`);
    await adminClient.end();
  }
}

/** A ~2 KB prompt of varied words (a real prompt's trigrams are mostly distinct, unlike the bench rows' 20 words). */
function prompt(seed: number): string {
  let out = '';
  let x = seed * 2654435761;
  while (out.length < 2048) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += `${(x % 5000).toString(36)}${'abcdefghij'[x % 10]}word `;
  }
  return out.slice(0, 2048);
}

/**
 * The claim's slot counter update (UPDATE item_slots SET taken = … WHERE "itemId" = …, one statement
 * per claim, as the assignments trigger writes it) on 500 items of a 2 KB prompt: WAL bytes and
 * records per update (pg_stat_wal: run it on a server of its own) and the backend's CPU.
 */
async function claimUpdates(client: pg.Client, project: string, name: string, results: Record<string, { cpu: number[]; walMb: number[] }>) {
  const n = 500;
  const ids = (
    await client.query<{ id: string }>(
      `INSERT INTO items ("projectId", "externalId", messages)
       SELECT $1::uuid, 'claim-' || g, jsonb_build_array(jsonb_build_object('role', 'user', 'content', p)) FROM unnest($2::text[]) WITH ORDINALITY AS t(p, g)
       RETURNING id`,
      [project, Array.from({ length: n }, (_, i) => prompt(i + 1))],
    )
  ).rows.map((r) => r.id);
  await client.query('CHECKPOINT');
  // A first update of each page after the checkpoint logs its full image: measure the second round of updates.
  for (const id of ids) await client.query(`UPDATE item_slots SET taken = taken + 1 WHERE "itemId" = $1`, [id]);
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const wal0 = (await client.query<{ r: string; b: string }>('SELECT wal_records::text AS r, wal_bytes::text AS b FROM pg_stat_wal'))
    .rows[0]!;
  const cpu0 = backendCpu(pid);
  for (const id of ids) await client.query(`UPDATE item_slots SET taken = taken + 1 WHERE "itemId" = $1`, [id]);
  const cpu = backendCpu(pid) - cpu0;
  await client.query('SELECT pg_stat_force_next_flush()');
  const wal1 = (await client.query<{ r: string; b: string }>('SELECT wal_records::text AS r, wal_bytes::text AS b FROM pg_stat_wal'))
    .rows[0]!;
  const bytes = (Number(wal1.b) - Number(wal0.b)) / n;
  const records = (Number(wal1.r) - Number(wal0.r)) / n;
  console.log(
    `claim update, ${name}: ${Math.round(bytes)} WAL bytes and ${records.toFixed(1)} records per update, ${((cpu / n) * 1000).toFixed(3)} ms backend CPU`,
  );
  (results[name] ??= { cpu: [], walMb: [] }).cpu.push(cpu);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
