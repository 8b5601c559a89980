/**
 * Import throughput and memory: generates a native JSON Lines file (default 100,000 items × 4
 * responses of ~1 KB), imports it through lib/import/import-file.ts (the code path of the UI,
 * API and CLI) and, as the baseline, COPYs the same rows into scratch tables with raw PostgreSQL.
 *   --items N   (default 100000)   --responses K (default 4)   --json
 */
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
import { round, scratchDatabase } from './harness';

const WORDS = 'the model answer explains a careful step by step reasoning about data quality and preference labels with examples'.split(' ');

function text(chars: number, seed: number): string {
  let out = '';
  for (let i = seed; out.length < chars; i++) out += `${WORDS[(i * 7 + seed) % WORDS.length]} `;
  return out.slice(0, chars);
}

async function generate(file: string, items: number, k: number): Promise<number> {
  async function* rows() {
    for (let i = 0; i < items; i++) {
      const row = {
        id: `bench-${i}`,
        prompt: `Question ${i}: ${text(200, i)}`,
        responses: Array.from({ length: k }, (_, j) => ({ id: `bench-${i}-${j}`, model: `model-${j}`, text: text(1000, i + j) })),
        metadata: { source: 'bench', n: i },
      };
      yield `${JSON.stringify(row)}\n`;
    }
  }
  await pipeline(Readable.from(rows()), fs.createWriteStream(file));
  return fs.statSync(file).size;
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
      itemLines.push(`${itemId}\t${copyField(r.id)}\t${copyField(JSON.stringify([{ role: 'user', content: r.prompt }]))}\t${copyField(JSON.stringify(r.metadata))}\n`);
      for (const x of r.responses) responseLines.push(`${crypto.randomUUID()}\t${itemId}\t${copyField(x.id)}\t${copyField(x.model)}\t${copyField(x.text)}\n`);
      if (itemLines.length >= 5000) await flush();
    }
    await flush();
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, items: { type: 'string', default: '100000' }, responses: { type: 'string', default: '4' } } });
  const items = Number(values.items);
  const k = Number(values.responses);
  const file = path.join(os.tmpdir(), `preflab-bench-import-${randomBytes(4).toString('hex')}.jsonl`);
  const db = await scratchDatabase('import');
  try {
    const bytes = await generate(file, items, k);
    const { createProject } = await import('../../lib/projects/create-project');
    const { importFile } = await import('../../lib/import/import-file');
    const project = await createProject({ actorId: null, input: { name: 'Bench', slug: 'bench-import', guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 } });

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
    const result = {
      benchmark: 'import',
      file: { items, responsesPerItem: k, megabytes: round(bytes / 1024 / 1024) },
      import: { seconds: round(seconds), itemsPerSec: Math.round(items / seconds), mbPerSec: round(bytes / 1024 / 1024 / seconds), peakRssMb: Math.round(peakRss / 1024 / 1024), maxRssMbProcess: Math.round(process.resourceUsage().maxRSS / 1024) },
      reimportAllSkipped: { seconds: round(reimportSeconds), itemsPerSec: Math.round(items / reimportSeconds), skipped: second.ok ? second.summary.itemsSkipped : 0 },
      baseline: { rawCopy: { seconds: round(copySeconds), itemsPerSec: Math.round(items / copySeconds) } },
      ratioImportToCopyTime: round(seconds / copySeconds),
    };
    if (values.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(`\nimport: ${items.toLocaleString('en')} items × ${k} responses, ${result.file.megabytes} MB of JSON Lines\n`);
    console.log(`${'measurement'.padEnd(40)} ${'seconds'.padStart(9)} ${'items/s'.padStart(9)}  notes`);
    console.log(`${'importFile (validate + write)'.padEnd(40)} ${String(result.import.seconds).padStart(9)} ${String(result.import.itemsPerSec).padStart(9)}  peak RSS ${result.import.peakRssMb} MB, ${result.import.mbPerSec} MB/s`);
    console.log(`${'re-import (all skipped as identical)'.padEnd(40)} ${String(result.reimportAllSkipped.seconds).padStart(9)} ${String(result.reimportAllSkipped.itemsPerSec).padStart(9)}  ${result.reimportAllSkipped.skipped} skipped`);
    console.log(`${'baseline: raw COPY of the same rows'.padEnd(40)} ${String(result.baseline.rawCopy.seconds).padStart(9)} ${String(result.baseline.rawCopy.itemsPerSec).padStart(9)}  parse + COPY, no checks`);
    console.log(`\nours / COPY (time): ${result.ratioImportToCopyTime}×`);
  } finally {
    fs.rmSync(file, { force: true });
    const { getDb, getPgPool } = await import('../../lib/db');
    await getDb().$disconnect();
    await getPgPool().end();
    await db.close();
  }
}
