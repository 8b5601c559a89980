/**
 * Import throughput and memory: generates a native JSON Lines file (default 100,000 items × 4
 * responses of ~1 KB), imports it through lib/import/import-file.ts (the code path of the UI,
 * API and CLI) and, back to back, COPYs the same rows with raw PostgreSQL (parse + COPY, no
 * checks), wall time and CPU time (this process + PostgreSQL) each:
 * - into two bare tables (no index, no constraint): the baseline of issue 23's "at least 50% of a
 *   raw COPY's speed (today about 29%)", whose 29% was measured against exactly this COPY
 *   (docs/benchmarks.md of 2026-11-29: 2,299 items/s against 8,065), so the headline share;
 * - into the app's own items and responses tables (every index, constraint, trigger and the
 *   search triggers, in a database of their own migrated alike): what any writer into
 *   this schema pays, shown beside it.
 * The import writes no search row (item_search and its trigram index): its items are recorded as
 * pending and a job writes their rows after the commit (lib/items/fill-item-search.ts). That job is
 * run and measured right after the import (wall time, CPU here + PostgreSQL), so the output shows
 * where the work went: the share of the import alone, and of the import with its catch-up.
 * Then the same rows as Parquet (written by hyparquet-writer, row groups of 10,000; responses a
 * list<struct>) and as JSON Lines are imported each in a fresh process through the import job
 * runner: rows/s and peak RSS (issue 23: under 500 MB at 100,000 items).
 *   --items N[,N…]  (default 100000; e.g. 10000,100000)   --responses K (default 4)   --json
 *   --no-parquet (skip the containers)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { readJsonLines } from '../../lib/import/read-json-lines';
import { openParquetWriter } from '../../tests/helpers/write-parquet';
import { ensureDatabase } from '../lib/embedded-postgres';
import { deployMigrations } from '../lib/migrations';
import { readProcesses, round, scratchDatabase } from './harness';

const PARQUET_ROW_GROUP = 10_000;

const WORDS = 'the model answer explains a careful step by step reasoning about data quality and preference labels with examples'.split(
  ' ',
);

export function text(chars: number, seed: number): string {
  let out = '';
  for (let i = seed; out.length < chars; i++) out += `${WORDS[(i * 7 + seed) % WORDS.length]} `;
  return out.slice(0, chars);
}

const benchRow = (i: number, k: number, prefix = 'bench') => ({
  id: `${prefix}-${i}`,
  prompt: `Question ${i}: ${text(200, i)}`,
  responses: Array.from({ length: k }, (_, j) => ({ id: `${prefix}-${i}-${j}`, model: `model-${j}`, text: text(1000, i + j) })),
  metadata: { source: 'bench', n: i },
});

export async function generate(file: string, items: number, k: number, prefix = 'bench'): Promise<number> {
  async function* rows() {
    for (let i = 0; i < items; i++) yield `${JSON.stringify(benchRow(i, k, prefix))}\n`;
  }
  await pipeline(Readable.from(rows()), fs.createWriteStream(file));
  return fs.statSync(file).size;
}

/** The same rows as Parquet, one row group per 10,000 rows, never all in memory. */
export async function generateParquet(file: string, items: number, k: number, prefix: string): Promise<number> {
  const writer = openParquetWriter(file, benchRow(0, k, prefix));
  for (let start = 0; start < items; start += PARQUET_ROW_GROUP) {
    const batch = Array.from({ length: Math.min(PARQUET_ROW_GROUP, items - start) }, (_, n) => benchRow(start + n, k, prefix));
    await writer.write(batch);
  }
  await writer.finish();
  return fs.statSync(file).size;
}

/** Imports `file` in a fresh process (its own peak RSS) through the job runner. */
async function importInChild(
  databaseUrl: string,
  file: string,
): Promise<{ seconds: number; cpuSeconds: number; items: number; peakRssMb: number; rssBeforeMb: number; maxRssMbProcess: number }> {
  const root = path.resolve(import.meta.dirname, '../..');
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'scripts', 'bench', 'import-child.ts'), file], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`import-child exited with ${code}`));
      else
        resolve(
          JSON.parse(line) as {
            seconds: number;
            cpuSeconds: number;
            items: number;
            peakRssMb: number;
            rssBeforeMb: number;
            maxRssMbProcess: number;
          },
        );
    });
  });
}

/** COPY text format: tab-separated, with \, tab and newlines escaped. */
const copyField = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

type BenchRow = { id: string; prompt: string; metadata: unknown; responses: { id: string; model: string; text: string }[] };

/**
 * The baseline: the file's rows parsed and written with plain COPY, no checks, no hashing, one
 * transaction, a COPY per table every 5,000 items. `real`: into the app's own items and responses
 * tables (of a project of their own, in a database migrated like the import's: the same columns,
 * indexes, constraints and triggers the import pays for, its items recorded as pending for the
 * search fill as the import's are; the content
 * hash a 64-character placeholder). Otherwise into two bare tables without an index or a
 * constraint, the floor no import into this schema can reach. CPU of this process and of the
 * PostgreSQL server measured around it.
 */
async function copyBaseline(databaseUrl: string, file: string, target: { real: true; projectId: string } | { real: false }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (!target.real)
      await client.query(`CREATE TABLE IF NOT EXISTS copy_items (id uuid, "externalId" text, messages jsonb, metadata jsonb);
                          CREATE TABLE IF NOT EXISTS copy_responses (id uuid, "itemId" uuid, "externalId" text, "modelId" text, text text)`);
    await checkpoint(client);
    const cpu = startCpu();
    const started = performance.now();
    await client.query('BEGIN');
    const itemLines: string[] = [];
    const responseLines: string[] = [];
    const [itemsSql, responsesSql] = target.real
      ? [
          `COPY items (id, "projectId", "externalId", messages, metadata, "isGold", "goldRanking", "contentHash") FROM STDIN`,
          `COPY responses (id, "itemId", "externalId", "modelId", text, metadata) FROM STDIN`,
        ]
      : ['COPY copy_items FROM STDIN', 'COPY copy_responses FROM STDIN'];
    const flush = async () => {
      await pipeline(Readable.from([itemLines.splice(0).join('')]), client.query(copyFrom(itemsSql)));
      await pipeline(Readable.from([responseLines.splice(0).join('')]), client.query(copyFrom(responsesSql)));
    };
    const placeholderHash = '0'.repeat(64);
    for await (const row of readJsonLines(fs.createReadStream(file))) {
      if (!('value' in row)) continue;
      const r = row.value as BenchRow;
      const itemId = crypto.randomUUID();
      const messages = copyField(JSON.stringify([{ role: 'user', content: r.prompt }]));
      itemLines.push(
        target.real
          ? `${itemId}\t${target.projectId}\t${copyField(r.id)}\t${messages}\t${copyField(JSON.stringify(r.metadata))}\tf\t\\N\t${placeholderHash}\n`
          : `${itemId}\t${copyField(r.id)}\t${messages}\t${copyField(JSON.stringify(r.metadata))}\n`,
      );
      for (const x of r.responses)
        responseLines.push(
          `${crypto.randomUUID()}\t${itemId}\t${copyField(x.id)}\t${copyField(x.model)}\t${copyField(x.text)}${target.real ? '\t{}' : ''}\n`,
        );
      if (itemLines.length >= 5000) await flush();
    }
    await flush();
    await client.query('COMMIT');
    return { seconds: (performance.now() - started) / 1000, ...cpu.stop() };
  } finally {
    await client.end();
  }
}

/**
 * Writes out what the previous measurement left in shared buffers, so each writer's CPU and time
 * are its own (a superuser's or pg_checkpoint's right; skipped without it).
 */
async function checkpoint(client: pg.Client | pg.PoolClient) {
  await client.query('CHECKPOINT').catch(() => undefined);
}

/** A database with a connection open all along (the baseline's): its backend leads to the server's postmaster. */
let serverProbe = '';

/**
 * CPU seconds of this process and of the PostgreSQL server (the postmaster of `serverProbe`'s
 * backend and every child, exited ones included: Linux /proc only, null elsewhere or with a
 * remote server) between start and stop. Other work on the machine competes but is not counted.
 */
function startCpu() {
  const database = serverProbe;
  const client0 = process.cpuUsage();
  const server0 = postgresCpuSeconds(database);
  return {
    stop() {
      const used = process.cpuUsage(client0);
      const server1 = postgresCpuSeconds(database);
      return {
        clientCpuSeconds: round((used.user + used.system) / 1e6),
        postgresCpuSeconds: server0 === null || server1 === null ? null : round(server1 - server0),
      };
    },
  };
}

function postgresCpuSeconds(database: string): number | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const procs = readProcesses().map((p) => ({ ...p, own: p.seconds }));
  const postmaster = procs.find((p) => p.cmdline.startsWith('postgres: ') && p.cmdline.includes(` ${database} `))?.ppid;
  if (!postmaster) return null;
  return procs.reduce((sum, p) => sum + (p.pid === postmaster ? p.own + p.reaped : p.ppid === postmaster ? p.own : 0), 0);
}

type SizeResult = Awaited<ReturnType<typeof runSize>>;

/** One file of `items` rows: our import, the raw COPY baselines, a re-import, and each container in a fresh process. */
async function runSize(options: {
  items: number;
  k: number;
  parquet: boolean;
  databaseUrl: string;
  copyDatabaseUrl: string;
  copyProjectId: string;
}) {
  const { items, k } = options;
  const tag = randomBytes(4).toString('hex');
  const file = path.join(os.tmpdir(), `preflab-bench-import-${tag}.jsonl`);
  const twinJsonl = path.join(os.tmpdir(), `preflab-bench-import-${tag}-twin.jsonl`);
  const twinParquet = path.join(os.tmpdir(), `preflab-bench-import-${tag}-twin.parquet`);
  try {
    const bytes = await generate(file, items, k, `bench-${tag}`);
    const { createProject } = await import('../../lib/projects/create-project');
    const { importFile } = await import('../../lib/import/import-file');
    const project = await createProject({
      actorId: null,
      input: { name: 'Bench', slug: `bench-import-${tag}`, guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 },
    });

    // Back to back: the raw COPY into the same tables, our import, the bare COPY.
    const loadBefore = os.loadavg().map(round);
    const copy = await copyBaseline(options.copyDatabaseUrl, file, { real: true, projectId: options.copyProjectId });
    const { getPgPool } = await import('../../lib/db');
    // The app's job queue is running in an app process: the import queues the search fill at its commit.
    const { getJobQueue } = await import('../../lib/jobs/job-queue');
    await getJobQueue();
    const poolClient = await getPgPool().connect();
    await checkpoint(poolClient);
    poolClient.release();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const cpu = startCpu();
    const started = performance.now();
    const outcome = await importFile({ projectId: project.id, actorId: null, open: () => fs.createReadStream(file) });
    const seconds = (performance.now() - started) / 1000;
    const used = cpu.stop();
    clearInterval(sampler);
    if (!outcome.ok) throw new Error(`import refused the generated file: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
    // The search fill job's catch-up after the import (a worker would start it within seconds): its own time and CPU.
    const fillClient = await getPgPool().connect();
    await checkpoint(fillClient);
    fillClient.release();
    const { fillItemSearch } = await import('../../lib/items/fill-item-search');
    const fillCpu = startCpu();
    const fillStarted = performance.now();
    const filled = await fillItemSearch({ budgetMs: Number.POSITIVE_INFINITY });
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const fillUsed = fillCpu.stop();
    if (filled.moved < items) throw new Error(`the search fill moved ${filled.moved} items of ${items}`);
    const bare = await copyBaseline(options.copyDatabaseUrl, file, { real: false });
    const loadAfter = os.loadavg().map(round);
    const again = performance.now();
    const second = await importFile({ projectId: project.id, actorId: null, open: () => fs.createReadStream(file) });
    const reimportSeconds = (performance.now() - again) / 1000;

    // Parquet beside JSON Lines: the same rows (other ids, so each is a fresh import), each imported in a fresh process.
    let containers: Record<
      string,
      {
        megabytes: number;
        seconds: number;
        itemsPerSec: number;
        /** CPU seconds of the importing process (its garbage collections included). */
        cpuSeconds: number;
        peakRssMb: number;
        rssBeforeMb: number;
        maxRssMbProcess: number;
      }
    > | null = null;
    if (options.parquet) {
      const jsonBytes = await generate(twinJsonl, items, k, `twin-j-${tag}`);
      const parquetBytes = await generateParquet(twinParquet, items, k, `twin-p-${tag}`);
      containers = {};
      for (const [name, twin, size] of [
        ['json-lines', twinJsonl, jsonBytes],
        ['parquet', twinParquet, parquetBytes],
      ] as const) {
        const r = await importInChild(options.databaseUrl, twin);
        if (r.items !== items) throw new Error(`${name}: ${r.items} items imported of ${items}`);
        containers[name] = {
          megabytes: round(size / 1024 / 1024),
          seconds: round(r.seconds),
          itemsPerSec: Math.round(items / r.seconds),
          cpuSeconds: r.cpuSeconds,
          peakRssMb: r.peakRssMb,
          rssBeforeMb: r.rssBeforeMb,
          maxRssMbProcess: r.maxRssMbProcess,
        };
      }
    }
    const cpuTotal = (x: { clientCpuSeconds: number; postgresCpuSeconds: number | null }) =>
      x.postgresCpuSeconds === null ? null : round(x.clientCpuSeconds + x.postgresCpuSeconds);
    const oursCpu = cpuTotal(used);
    const copyCpu = cpuTotal(copy);
    const bareCpu = cpuTotal(bare);
    return {
      file: { items, responsesPerItem: k, megabytes: round(bytes / 1024 / 1024) },
      import: {
        seconds: round(seconds),
        itemsPerSec: Math.round(items / seconds),
        mbPerSec: round(bytes / 1024 / 1024 / seconds),
        clientCpuSeconds: used.clientCpuSeconds,
        postgresCpuSeconds: used.postgresCpuSeconds,
        peakRssMb: Math.round(peakRss / 1024 / 1024),
        rssBeforeMb: Math.round(rssBefore / 1024 / 1024),
      },
      /** The search fill job right after the import: writes item_search (and its trigram index) for the imported items. */
      searchFill: {
        seconds: round(fillSeconds),
        items: filled.moved,
        clientCpuSeconds: fillUsed.clientCpuSeconds,
        postgresCpuSeconds: fillUsed.postgresCpuSeconds,
      },
      reimportAllSkipped: {
        seconds: round(reimportSeconds),
        itemsPerSec: Math.round(items / reimportSeconds),
        skipped: second.ok ? second.summary.itemsSkipped : 0,
      },
      baseline: {
        /** Raw COPY into the app's items and responses tables (same indexes, constraints, triggers, search column): what any writer into this schema pays. */
        rawCopy: {
          seconds: round(copy.seconds),
          itemsPerSec: Math.round(items / copy.seconds),
          clientCpuSeconds: copy.clientCpuSeconds,
          postgresCpuSeconds: copy.postgresCpuSeconds,
        },
        /** Raw COPY into two tables without an index or a constraint: issue 23's baseline (its 29% was measured against it). */
        bareTables: {
          seconds: round(bare.seconds),
          itemsPerSec: Math.round(items / bare.seconds),
          clientCpuSeconds: bare.clientCpuSeconds,
          postgresCpuSeconds: bare.postgresCpuSeconds,
        },
      },
      /** Import speed as a share of the raw COPY's into bare tables, by wall time: issue 23's figure (29% when filed; at least 0.5 asked). */
      speedShareOfCopy: round(bare.seconds / seconds),
      /** The same by CPU seconds (this process + PostgreSQL): steadier than wall time on a shared machine. */
      cpuShareOfCopy: oursCpu && bareCpu ? round(bareCpu / oursCpu) : null,
      /** Import speed as a share of a raw COPY's into the same tables (indexes, constraints, triggers), by wall time and by CPU time. */
      /** The same two shares counting the import and its search fill together (the work moved after the commit, not removed). */
      speedShareOfCopyWithFill: round(bare.seconds / (seconds + fillSeconds)),
      cpuShareOfCopyWithFill:
        oursCpu && bareCpu && fillUsed.postgresCpuSeconds !== null
          ? round(bareCpu / (oursCpu + fillUsed.clientCpuSeconds + fillUsed.postgresCpuSeconds))
          : null,
      speedShareOfSameTablesCopy: round(copy.seconds / seconds),
      cpuShareOfSameTablesCopy: oursCpu && copyCpu ? round(copyCpu / oursCpu) : null,
      /** Peak RSS of an import of these rows in a fresh process (import job runner), per container: issue 23 asks < 500 MB at 100,000. */
      peakRssMb: containers ? { jsonLines: containers['json-lines']?.peakRssMb, parquet: containers.parquet?.peakRssMb } : null,
      loadAverage: { before: loadBefore, after: loadAfter },
      ...(containers ? { containers, parquetRowGroupRows: PARQUET_ROW_GROUP } : {}),
    };
  } finally {
    for (const f of [file, twinJsonl, twinParquet]) fs.rmSync(f, { force: true });
  }
}

function print(r: SizeResult) {
  const { items, responsesPerItem, megabytes } = r.file;
  const cpu = (x: { clientCpuSeconds: number; postgresCpuSeconds: number | null }) =>
    `CPU ${x.clientCpuSeconds} s here + ${x.postgresCpuSeconds ?? '?'} s PostgreSQL`;
  console.log(`\nimport: ${items.toLocaleString('en')} items × ${responsesPerItem} responses, ${megabytes} MB of JSON Lines\n`);
  console.log(`${'measurement'.padEnd(44)} ${'seconds'.padStart(9)} ${'items/s'.padStart(9)}  notes`);
  const line = (name: string, seconds: number, perSec: number, notes: string) =>
    console.log(`${name.padEnd(44)} ${String(seconds).padStart(9)} ${String(perSec).padStart(9)}  ${notes}`);
  line(
    'importFile (check + write)',
    r.import.seconds,
    r.import.itemsPerSec,
    `${cpu(r.import)}; peak RSS of this process (the bench's too) ${r.import.peakRssMb} MB, ${r.import.rssBeforeMb} MB before it`,
  );
  line(
    'then: the search fill job (catch-up)',
    r.searchFill.seconds,
    Math.round(r.searchFill.items / r.searchFill.seconds),
    `${cpu(r.searchFill)}; item_search rows and their trigram index for the ${r.searchFill.items} items, after the commit`,
  );
  line(
    'baseline: raw COPY into bare tables',
    r.baseline.bareTables.seconds,
    r.baseline.bareTables.itemsPerSec,
    `${cpu(r.baseline.bareTables)}; parse + COPY, no checks; no index, no constraint (issue 23's baseline)`,
  );
  line(
    'raw COPY into the same tables',
    r.baseline.rawCopy.seconds,
    r.baseline.rawCopy.itemsPerSec,
    `${cpu(r.baseline.rawCopy)}; parse + COPY, no checks; every index, constraint and trigger`,
  );
  line(
    're-import (all skipped as identical)',
    r.reimportAllSkipped.seconds,
    r.reimportAllSkipped.itemsPerSec,
    `${r.reimportAllSkipped.skipped} skipped`,
  );
  console.log(
    `\nspeed as a share of a raw COPY (bare tables): ${r.speedShareOfCopy} by wall time, ${r.cpuShareOfCopy ?? '?'} by CPU time (issue 23: ≥ 0.5; 0.29 when filed)`,
  );
  console.log(
    `the same counting the search fill after the import (the work moved, not removed): ${r.speedShareOfCopyWithFill} by wall time, ${r.cpuShareOfCopyWithFill ?? '?'} by CPU time`,
  );
  console.log(
    `speed as a share of a raw COPY into the same tables: ${r.speedShareOfSameTablesCopy} by wall time, ${r.cpuShareOfSameTablesCopy ?? '?'} by CPU time`,
  );
  console.log(
    `load average (1, 5, 15 min) before ${r.loadAverage.before.join(', ')}, after ${r.loadAverage.after.join(', ')} on ${os.cpus().length} CPUs`,
  );
  if (r.containers) {
    console.log(
      `\nthe same rows per container, each imported in a fresh process (import job runner; Parquet row groups of ${PARQUET_ROW_GROUP.toLocaleString('en')} rows; issue 23: peak RSS < 500 MB at 100,000 items):`,
    );
    console.log(
      `${'container'.padEnd(12)} ${'MB'.padStart(8)} ${'seconds'.padStart(9)} ${'items/s'.padStart(9)} ${'peak RSS MB'.padStart(12)} ${'before it'.padStart(10)} ${'CPU s'.padStart(7)}`,
    );
    for (const [name, c] of Object.entries(r.containers))
      console.log(
        `${name.padEnd(12)} ${String(c.megabytes).padStart(8)} ${String(c.seconds).padStart(9)} ${String(c.itemsPerSec).padStart(9)} ${String(c.peakRssMb).padStart(12)} ${String(c.rssBeforeMb).padStart(10)} ${String(c.cpuSeconds).padStart(7)}`,
      );
  }
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      items: { type: 'string', default: '100000' },
      responses: { type: 'string', default: '4' },
      'no-parquet': { type: 'boolean', default: false },
    },
  });
  const sizes = values.items.split(',').map(Number);
  const k = Number(values.responses);
  const db = await scratchDatabase('import');
  // The baseline writes a database of its own, migrated alike, so neither writer meets the other's rows.
  const copyDatabase = `preflab_bench_import_copy_${process.pid}`;
  await ensureDatabase(db.databaseUrl.replace(/\/[^/?]+(\?|$)/, '/postgres$1'), copyDatabase);
  const copyDatabaseUrl = db.databaseUrl.replace(/\/[^/?]+(\?|$)/, `/${copyDatabase}$1`);
  await deployMigrations({ databaseUrl: copyDatabaseUrl });
  const copyClient = new pg.Client({ connectionString: copyDatabaseUrl });
  await copyClient.connect();
  serverProbe = copyDatabase;
  try {
    const copyProject = await copyClient.query<{ id: string }>(
      `INSERT INTO projects (slug, name, "updatedAt") VALUES ('bench-copy', 'Bench copy', now()) RETURNING id`,
    );
    const copyProjectId = copyProject.rows[0]?.id ?? '';
    const results: SizeResult[] = [];
    for (const items of sizes) {
      const r = await runSize({ items, k, parquet: !values['no-parquet'], databaseUrl: db.databaseUrl, copyDatabaseUrl, copyProjectId });
      results.push(r);
      if (!values.json) print(r);
    }
    // The first size's figures at the top level too (npm run bench reads them there).
    if (values.json) console.log(JSON.stringify({ benchmark: 'import', ...results[0], sizes: results }));
  } finally {
    await copyClient.end();
    const { getDb, getPgPool } = await import('../../lib/db');
    await getDb().$disconnect();
    await getPgPool().end();
    await db.close();
  }
}
