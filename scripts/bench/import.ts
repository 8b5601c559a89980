/**
 * Import throughput and memory: generates a native JSON Lines file (default 100,000 items × 4
 * responses of ~1 KB), imports it through lib/import/import-file.ts (the code path of the UI,
 * API and CLI) and, as the baseline, COPYs the same rows into scratch tables with raw PostgreSQL.
 * Then the same rows as Parquet (written by hyparquet-writer, row groups of 10,000; responses a
 * list<struct>) and as JSON Lines are imported each in a fresh process through the import job
 * runner, so rows/s and peak RSS of the two containers stand side by side.
 *   --items N   (default 100000)   --responses K (default 4)   --json   --no-parquet (skip the comparison)
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
import { round, scratchDatabase } from './harness';

const PARQUET_ROW_GROUP = 10_000;

const WORDS = 'the model answer explains a careful step by step reasoning about data quality and preference labels with examples'.split(
  ' ',
);

function text(chars: number, seed: number): string {
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

async function generate(file: string, items: number, k: number, prefix = 'bench'): Promise<number> {
  async function* rows() {
    for (let i = 0; i < items; i++) yield `${JSON.stringify(benchRow(i, k, prefix))}\n`;
  }
  await pipeline(Readable.from(rows()), fs.createWriteStream(file));
  return fs.statSync(file).size;
}

/** The same rows as Parquet, one row group per 10,000 rows, never all in memory. */
async function generateParquet(file: string, items: number, k: number, prefix: string): Promise<number> {
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
): Promise<{ seconds: number; items: number; peakRssMb: number; maxRssMbProcess: number }> {
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
      else resolve(JSON.parse(line) as { seconds: number; items: number; peakRssMb: number; maxRssMbProcess: number });
    });
  });
}

/** COPY text format: tab-separated, with \, tab and newlines escaped. */
const copyField = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

async function copyBaseline(databaseUrl: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE TABLE copy_items (id uuid, "externalId" text, messages jsonb, metadata jsonb);
                        CREATE TABLE copy_responses (id uuid, "itemId" uuid, "externalId" text, "modelId" text, text text)`);
    const started = performance.now();
    const itemLines: string[] = [];
    const responseLines: string[] = [];
    const flush = async () => {
      await pipeline(Readable.from(itemLines.splice(0)), client.query(copyFrom('COPY copy_items FROM STDIN')));
      await pipeline(Readable.from(responseLines.splice(0)), client.query(copyFrom('COPY copy_responses FROM STDIN')));
    };
    for await (const row of readJsonLines(fs.createReadStream(file))) {
      if (!('value' in row)) continue;
      const r = row.value as { id: string; prompt: string; metadata: unknown; responses: { id: string; model: string; text: string }[] };
      const itemId = crypto.randomUUID();
      itemLines.push(
        `${itemId}\t${copyField(r.id)}\t${copyField(JSON.stringify([{ role: 'user', content: r.prompt }]))}\t${copyField(JSON.stringify(r.metadata))}\n`,
      );
      for (const x of r.responses)
        responseLines.push(`${crypto.randomUUID()}\t${itemId}\t${copyField(x.id)}\t${copyField(x.model)}\t${copyField(x.text)}\n`);
      if (itemLines.length >= 5000) await flush();
    }
    await flush();
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
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
  const items = Number(values.items);
  const k = Number(values.responses);
  const tag = randomBytes(4).toString('hex');
  const file = path.join(os.tmpdir(), `preflab-bench-import-${tag}.jsonl`);
  const twinJsonl = path.join(os.tmpdir(), `preflab-bench-import-${tag}-twin.jsonl`);
  const twinParquet = path.join(os.tmpdir(), `preflab-bench-import-${tag}-twin.parquet`);
  const db = await scratchDatabase('import');
  try {
    const bytes = await generate(file, items, k);
    const { createProject } = await import('../../lib/projects/create-project');
    const { importFile } = await import('../../lib/import/import-file');
    const project = await createProject({
      actorId: null,
      input: { name: 'Bench', slug: 'bench-import', guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 },
    });

    const loadBefore = os.loadavg().map(round);
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const outcome = await importFile({ projectId: project.id, actorId: null, open: () => fs.createReadStream(file) });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (!outcome.ok) throw new Error(`import refused the generated file: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
    const again = performance.now();
    const second = await importFile({ projectId: project.id, actorId: null, open: () => fs.createReadStream(file) });
    const reimportSeconds = (performance.now() - again) / 1000;

    const copySeconds = await copyBaseline(db.databaseUrl, file);

    // Parquet beside JSON Lines: the same rows (other ids, so each is a fresh import), each imported in a fresh process.
    let containers: Record<
      string,
      { megabytes: number; seconds: number; itemsPerSec: number; peakRssMb: number; maxRssMbProcess: number }
    > | null = null;
    if (!values['no-parquet']) {
      const jsonBytes = await generate(twinJsonl, items, k, 'twin-j');
      const parquetBytes = await generateParquet(twinParquet, items, k, 'twin-p');
      containers = {};
      for (const [name, twin, size] of [
        ['json-lines', twinJsonl, jsonBytes],
        ['parquet', twinParquet, parquetBytes],
      ] as const) {
        const r = await importInChild(db.databaseUrl, twin);
        if (r.items !== items) throw new Error(`${name}: ${r.items} items imported of ${items}`);
        containers[name] = {
          megabytes: round(size / 1024 / 1024),
          seconds: round(r.seconds),
          itemsPerSec: Math.round(items / r.seconds),
          peakRssMb: r.peakRssMb,
          maxRssMbProcess: r.maxRssMbProcess,
        };
      }
    }
    const result = {
      benchmark: 'import',
      file: { items, responsesPerItem: k, megabytes: round(bytes / 1024 / 1024) },
      import: {
        seconds: round(seconds),
        itemsPerSec: Math.round(items / seconds),
        mbPerSec: round(bytes / 1024 / 1024 / seconds),
        peakRssMb: Math.round(peakRss / 1024 / 1024),
        rssBeforeMb: Math.round(rssBefore / 1024 / 1024),
        maxRssMbProcess: Math.round(process.resourceUsage().maxRSS / 1024),
      },
      reimportAllSkipped: {
        seconds: round(reimportSeconds),
        itemsPerSec: Math.round(items / reimportSeconds),
        skipped: second.ok ? second.summary.itemsSkipped : 0,
      },
      baseline: { rawCopy: { seconds: round(copySeconds), itemsPerSec: Math.round(items / copySeconds) } },
      ratioImportToCopyTime: round(seconds / copySeconds),
      /** Import speed as a share of the raw COPY's (issue 23: at least 0.5). */
      speedShareOfCopy: round(copySeconds / seconds),
      loadAverage: { before: loadBefore, after: os.loadavg().map(round) },
      ...(containers ? { containers, parquetRowGroupRows: PARQUET_ROW_GROUP } : {}),
    };
    if (values.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(`\nimport: ${items.toLocaleString('en')} items × ${k} responses, ${result.file.megabytes} MB of JSON Lines\n`);
    console.log(`${'measurement'.padEnd(40)} ${'seconds'.padStart(9)} ${'items/s'.padStart(9)}  notes`);
    console.log(
      `${'importFile (validate + write)'.padEnd(40)} ${String(result.import.seconds).padStart(9)} ${String(result.import.itemsPerSec).padStart(9)}  peak RSS ${result.import.peakRssMb} MB (${result.import.rssBeforeMb} MB before it), ${result.import.mbPerSec} MB/s`,
    );
    console.log(
      `${'re-import (all skipped as identical)'.padEnd(40)} ${String(result.reimportAllSkipped.seconds).padStart(9)} ${String(result.reimportAllSkipped.itemsPerSec).padStart(9)}  ${result.reimportAllSkipped.skipped} skipped`,
    );
    console.log(
      `${'baseline: raw COPY of the same rows'.padEnd(40)} ${String(result.baseline.rawCopy.seconds).padStart(9)} ${String(result.baseline.rawCopy.itemsPerSec).padStart(9)}  parse + COPY, no checks`,
    );
    console.log(`\nours / COPY (time): ${result.ratioImportToCopyTime}× (speed: ${Math.round(result.speedShareOfCopy * 100)}% of COPY's)`);
    console.log(
      `load average (1, 5, 15 min) before ${result.loadAverage.before.join(', ')}, after ${result.loadAverage.after.join(', ')} on ${os.cpus().length} CPUs`,
    );
    if (containers) {
      console.log(
        `\nthe same rows per container, each imported in a fresh process (import job runner; Parquet row groups of ${PARQUET_ROW_GROUP.toLocaleString('en')} rows):`,
      );
      console.log(
        `${'container'.padEnd(12)} ${'MB'.padStart(8)} ${'seconds'.padStart(9)} ${'items/s'.padStart(9)} ${'peak RSS MB'.padStart(12)}`,
      );
      for (const [name, c] of Object.entries(containers))
        console.log(
          `${name.padEnd(12)} ${String(c.megabytes).padStart(8)} ${String(c.seconds).padStart(9)} ${String(c.itemsPerSec).padStart(9)} ${String(c.peakRssMb).padStart(12)}`,
        );
    }
  } finally {
    for (const f of [file, twinJsonl, twinParquet]) fs.rmSync(f, { force: true });
    const { getDb, getPgPool } = await import('../../lib/db');
    await getDb().$disconnect();
    await getPgPool().end();
    await db.close();
  }
}
