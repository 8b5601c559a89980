/**
 * Export throughput and memory on a generated project (default 60,000 single-turn items × 4
 * responses, 3 of 12 labelers per item with full rankings and Likert ratings: 1,080,000 pairs in
 * per-labeler mode). Measures, in this order:
 *   1. the streaming exporter (lib/export: keyset batches → rows → sha256) into a byte counter;
 *   2. a snapshot, the product path: the same rows written per split to shard files, zipped with the
 *      card and manifest into 256 KiB chunks in PostgreSQL;
 *   3. the snapshot's download (serveSnapshotDownload), checked against its sha256;
 *   4. the baseline: PostgreSQL building equivalent JSON rows itself, COPY … TO STDOUT (pg-copy-streams);
 *   5. the same rows as the exporter encoded as Parquet (lib/export/write-parquet.ts) into a byte counter;
 *   6. a snapshot with `file_format: parquet` (the product path: Parquet shards, lib/export/parquet-encoder.ts).
 * Each measurement runs in a child process of its own, so its peak RSS (maxRSS) is its own.
 *   --items N (60000)  --responses K (4)  --per-item N (3)  --labelers N (12)  --chars N (300)  --format F (pairs)  --json
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { fillerSql, insertBenchProject } from './bench-project';
import { to as copyTo } from 'pg-copy-streams';
import { round, scratchDatabase } from './harness';

/** Peak RSS while `fn` runs, sampled every 20 ms. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds: (performance.now() - started) / 1000, peakRssMb: Math.round(peak / 1024 / 1024) };
  } finally {
    clearInterval(sampler);
  }
}

async function generate(pool: pg.Pool, o: { items: number; k: number; perItem: number; labelers: number; chars: number }): Promise<string> {
  const { projectId, userIds } = await insertBenchProject(pool, {
    slug: 'bench-export',
    name: 'Bench export',
    items: o.items,
    perItem: o.perItem,
    labelers: o.labelers,
    promptChars: Math.floor(o.chars / 2),
  });
  await pool.query(
    `INSERT INTO responses ("itemId", "externalId", "modelId", text, "createdAt")
     SELECT i.id, i."externalId" || '-' || k, 'model-' || k, 'Answer ' || k || ' to ' || i."externalId" || ': ' || left(${fillerSql(o.chars)}, $2::int), timestamp '2026-01-01' + k * interval '1 millisecond'
       FROM items i, generate_series(0, $3::int - 1) k WHERE i."projectId" = $1`,
    [projectId, o.chars, o.k],
  );
  // Each item: labelers (n + s·⌊L/perItem⌋) mod L, each ranking the responses in a random strict order.
  await pool.query(
    `INSERT INTO judgments ("itemId", "userId", source, "importRef", ranking, "promptFlags", "taxonomyVersion", "durationMs", "createdAt")
     SELECT i.id, ($2::uuid[])[1 + ((n + s * ($3::int / $4::int)) % $3::int)], 'IMPORTED', 'bench-' || s,
            (SELECT jsonb_agg(jsonb_build_array(r.id) ORDER BY random()) FROM responses r WHERE r."itemId" = i.id), '{}', 1, 30000, i."createdAt"
       FROM (SELECT id, "createdAt", row_number() OVER (ORDER BY "createdAt") AS n FROM items WHERE "projectId" = $1) i, generate_series(0, $4::int - 1) s`,
    [projectId, userIds, o.labelers, o.perItem],
  );
  await pool.query(
    `INSERT INTO response_ratings ("judgmentId", "responseId", likert, flags)
     SELECT j.id, r.id, 1 + floor(random() * 7)::int, '{}' FROM judgments j JOIN items i ON i.id = j."itemId" JOIN responses r ON r."itemId" = i.id WHERE i."projectId" = $1`,
    [projectId],
  );
  await pool.query('VACUUM ANALYZE');
  return projectId;
}

/** The same rows as the per-labeler "pairs" format, built by PostgreSQL (labeler pseudonym and split by md5/sha256 of similar inputs). */
const COPY_SQL = (projectId: string, share: number) => `COPY (
  WITH g AS (
    SELECT j.id AS jid, j."itemId", j."userId", grp.ord, r.value #>> '{}' AS rid
      FROM items i JOIN judgments j ON j."itemId" = i.id
      CROSS JOIN LATERAL jsonb_array_elements(j.ranking) WITH ORDINALITY AS grp(val, ord)
      CROSS JOIN LATERAL jsonb_array_elements(grp.val) AS r(value)
     WHERE i."projectId" = '${projectId}' AND NOT j."allUnacceptable")
  SELECT json_build_object(
           'prompt', i.messages -> 0 ->> 'content', 'chosen', rc.text, 'rejected', rr.text, 'margin', 1,
           'item_id', coalesce(i."externalId", i.id::text), 'chosen_id', coalesce(rc."externalId", rc.id::text), 'rejected_id', coalesce(rr."externalId", rr.id::text),
           'labeler', 'labeler-' || left(md5(i."projectId"::text || a."userId"::text), 12),
           'split', CASE WHEN ('x' || left(encode(sha256(convert_to(i.messages::text, 'UTF8')), 'hex'), 8))::bit(32)::bigint / 4294967296.0 < ${share} THEN 'validation' ELSE 'train' END,
           'votes', json_build_object('chosen', 1, 'rejected', 0, 'tie', 0))
    FROM g a JOIN g b ON b.jid = a.jid AND b.ord > a.ord
    JOIN items i ON i.id = a."itemId" JOIN responses rc ON rc.id = a.rid::uuid JOIN responses rr ON rr.id = b.rid::uuid
) TO STDOUT`;

function counter() {
  const state = { bytes: 0, rows: 0, hash: createHash('sha256') };
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      state.bytes += chunk.length;
      state.hash.update(chunk);
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) state.rows += 1;
      done();
    },
  });
  return { state, sink };
}

type PhaseResult = {
  seconds: number;
  rows: number;
  bytes: number;
  sha256: string;
  rssBeforeMb: number;
  peakRssMb: number;
  maxRssMb: number;
  snapshotId?: string;
};

/** One measured phase, in a process of its own so its peak RSS is its own (the parent spawns it). */
async function runPhase(phase: string, projectId: string, snapshotId: string | undefined, format: string): Promise<PhaseResult> {
  const { getPgPool, withTransaction } = await import('../../lib/db');
  const pool = getPgPool();
  const { ZExportRequest, toExportSettings } = await import('../../lib/export/schemas');
  const request = ZExportRequest.parse({ format, ...(phase === 'snapshot-parquet' ? { file_format: 'parquet' } : {}) });
  const settings = toExportSettings(request);
  // What the process holds before the phase: Node, tsx and the modules, connected (the export path uses pg only).
  await pool.query('SELECT 1');
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const m = await measured(async (): Promise<Omit<PhaseResult, 'seconds' | 'rssBeforeMb' | 'peakRssMb' | 'maxRssMb'>> => {
    if (phase === 'exporter') {
      const { loadExportItems } = await import('../../lib/export/load-export-items');
      const { writeExport } = await import('../../lib/export/write-export');
      return withTransaction(
        async (client) => {
          const { jsonLinesEncoder } = await import('../../lib/export/shard-encoder');
          // Both splits' JSON Lines into one byte counter (the snapshot phase writes them to files and zips them).
          const hash = createHash('sha256');
          let bytes = 0;
          const count = async (chunk: Buffer) => {
            hash.update(chunk);
            bytes += chunk.length;
          };
          const writers = { train: jsonLinesEncoder.open('train', count), validation: jsonLinesEncoder.open('validation', count) };
          const stats = await writeExport({
            settings,
            batches: loadExportItems({ client, projectId, settings }),
            shards: { write: (split, rows) => writers[split].write(rows) },
          });
          await writers.train.end();
          await writers.validation.end();
          return { rows: stats.rows, bytes, sha256: hash.digest('hex') };
        },
        { isolation: 'repeatable read', readOnly: true },
      );
    }
    if (phase === 'parquet') {
      const { loadExportItems } = await import('../../lib/export/load-export-items');
      const { exportRowObjects } = await import('../../lib/export/item-rows');
      const { formatSchema } = await import('../../lib/export/format-schema');
      const { writeParquet } = await import('../../lib/export/write-parquet');
      return withTransaction(
        async (client) => {
          const skipped = { no_margin: 0, multi_turn: 0 };
          const rows = (async function* () {
            for await (const r of exportRowObjects({ settings, batches: loadExportItems({ client, projectId, settings }), skipped }))
              yield r.row;
          })();
          return writeParquet({ fields: formatSchema(settings.format, settings.record), rows, write: async () => undefined });
        },
        { isolation: 'repeatable read', readOnly: true },
      );
    }
    if (phase === 'snapshot' || phase === 'snapshot-parquet') {
      const { createExportSnapshot } = await import('../../lib/export/create-export-snapshot');
      const { buildExportSnapshot } = await import('../../lib/export/build-export-snapshot');
      const { id } = await createExportSnapshot({ projectId, actorId: null, request });
      const manifest = await buildExportSnapshot({ snapshotId: id });
      return { rows: manifest.rows, bytes: manifest.bytes, sha256: manifest.sha256, snapshotId: id };
    }
    if (phase === 'download') {
      const { serveSnapshotDownload } = await import('../../lib/export/serve-snapshot-download');
      const response = await serveSnapshotDownload({
        request: new Request('http://bench/download'),
        projectId,
        snapshotId: snapshotId!,
        actorId: null,
        via: 'api',
      });
      const { state, sink } = counter();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
        await new Promise<void>((resolve, reject) => sink.write(chunk, (e) => (e ? reject(e) : resolve())));
      // The download is the zipped folder: its rows are the snapshot's (the bytes are checked by sha256).
      const {
        rows: [stored],
      } = await pool.query<{ rowCount: number }>('SELECT "rowCount" FROM export_snapshots WHERE id = $1', [snapshotId]);
      return { rows: stored!.rowCount, bytes: state.bytes, sha256: state.hash.digest('hex') };
    }
    // Baseline: PostgreSQL builds equivalent JSON rows and streams them with COPY.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const { state, sink } = counter();
      await pipeline(client.query(copyTo(COPY_SQL(projectId, settings.pair.validationShare))), sink);
      return { rows: state.rows, bytes: state.bytes, sha256: state.hash.digest('hex') };
    } finally {
      await client.end();
    }
  });
  await pool.end();
  return {
    ...m.value,
    seconds: m.seconds,
    rssBeforeMb,
    peakRssMb: m.peakRssMb,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function spawnPhase(phase: string, databaseUrl: string, projectId: string, format: string, snapshotId?: string): Promise<PhaseResult> {
  const args = [
    ...process.execArgv,
    process.argv[1]!,
    'export',
    '--phase',
    phase,
    '--project',
    projectId,
    '--format',
    format,
    ...(snapshotId ? ['--snapshot', snapshotId] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as PhaseResult);
      else reject(new Error(`bench phase ${phase} failed (exit ${code}): ${out}`));
    });
  });
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      items: { type: 'string', default: '60000' },
      responses: { type: 'string', default: '4' },
      'per-item': { type: 'string', default: '3' },
      labelers: { type: 'string', default: '12' },
      chars: { type: 'string', default: '300' },
      format: { type: 'string', default: 'pairs' },
      phase: { type: 'string' },
      project: { type: 'string' },
      snapshot: { type: 'string' },
    },
  });
  if (values.phase) {
    process.env.NEXTAUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-0000';
    console.log(JSON.stringify(await runPhase(values.phase, values.project!, values.snapshot, values.format)));
    return;
  }
  const o = {
    items: Number(values.items),
    k: Number(values.responses),
    perItem: Number(values['per-item']),
    labelers: Number(values.labelers),
    chars: Number(values.chars),
  };
  const db = await scratchDatabase('export');
  try {
    const generated = await (async () => {
      const pool = new pg.Pool({ connectionString: db.databaseUrl, max: 2 });
      try {
        const started = performance.now();
        const projectId = await generate(pool, o);
        return { projectId, seconds: (performance.now() - started) / 1000 };
      } finally {
        await pool.end();
      }
    })();
    const format = values.format;
    const exporter = await spawnPhase('exporter', db.databaseUrl, generated.projectId, format);
    const snapshot = await spawnPhase('snapshot', db.databaseUrl, generated.projectId, format);
    const download = await spawnPhase('download', db.databaseUrl, generated.projectId, format, snapshot.snapshotId);
    const copy = await spawnPhase('copy', db.databaseUrl, generated.projectId, format);
    const parquet = await spawnPhase('parquet', db.databaseUrl, generated.projectId, format);
    const snapshotParquet = await spawnPhase('snapshot-parquet', db.databaseUrl, generated.projectId, format);
    const rps = (r: PhaseResult) => Math.round(r.rows / r.seconds);
    const mb = (bytes: number) => round(bytes / 1024 / 1024);
    const figure = (r: PhaseResult) => ({
      rows: r.rows,
      megabytes: mb(r.bytes),
      seconds: round(r.seconds),
      rowsPerSec: rps(r),
      mbPerSec: round(mb(r.bytes) / r.seconds),
      peakRssMb: r.maxRssMb,
      rssBeforeMb: r.rssBeforeMb,
    });
    const result = {
      benchmark: 'export',
      project: { ...o, format, generateSeconds: round(generated.seconds) },
      exporter: { ...figure(exporter), baselineRowsPerSec: rps(copy), ratioToCopy: round(rps(exporter) / rps(copy)) },
      snapshot: {
        ...figure(snapshot),
        baselineRowsPerSec: rps(copy),
        ratioToCopy: round(rps(snapshot) / rps(copy)),
        rowsEqualExporter: snapshot.rows === exporter.rows,
      },
      download: {
        ...figure(download),
        baselineMbPerSec: round(mb(copy.bytes) / copy.seconds),
        sha256Verified: download.sha256 === snapshot.sha256,
      },
      parquet: {
        ...figure(parquet),
        rowsEqualExporter: parquet.rows === exporter.rows,
        sizeToJsonLines: round(parquet.bytes / exporter.bytes),
      },
      snapshotParquet: {
        ...figure(snapshotParquet),
        rowsEqualExporter: snapshotParquet.rows === exporter.rows,
        sizeToJsonLinesSnapshot: round(snapshotParquet.bytes / snapshot.bytes),
      },
      baseline: { copy: figure(copy) },
      targets: {
        peakRssUnder300Mb: Math.max(exporter.maxRssMb, snapshot.maxRssMb, download.maxRssMb) < 300,
        parquetPeakRssUnder300Mb: Math.max(parquet.maxRssMb, snapshotParquet.maxRssMb) < 300,
        exporterAtLeastHalfCopy: rps(exporter) >= rps(copy) / 2,
        snapshotAtLeastHalfCopy: rps(snapshot) >= rps(copy) / 2,
      },
    };
    if (values.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(
      `\nexport: ${o.items.toLocaleString('en')} items × ${o.k} responses, ${o.perItem} of ${o.labelers} labelers per item, format ${format} (generated in ${result.project.generateSeconds} s)`,
    );
    console.log("each measurement runs in a process of its own; peak RSS is that process's maxRSS\n");
    console.log(
      `${'measurement'.padEnd(46)} ${'rows'.padStart(9)} ${'MB'.padStart(7)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(8)} ${'peak RSS'.padStart(9)} ${'at start'.padStart(9)}  notes`,
    );
    const line = (name: string, f: ReturnType<typeof figure>, notes: string) =>
      console.log(
        `${name.padEnd(46)} ${String(f.rows).padStart(9)} ${String(f.megabytes).padStart(7)} ${String(f.seconds).padStart(8)} ${String(f.rowsPerSec).padStart(8)} ${`${f.peakRssMb} MB`.padStart(9)} ${`${f.rssBeforeMb} MB`.padStart(9)}  ${notes}`,
      );
    line('exporter (keyset batches → rows → sha256)', result.exporter, `${result.exporter.ratioToCopy}× COPY`);
    line(
      'snapshot (the same rows into PostgreSQL chunks)',
      result.snapshot,
      `${result.snapshot.ratioToCopy}× COPY; zipped folder; rows = exporter's: ${result.snapshot.rowsEqualExporter}`,
    );
    line(
      'download of the snapshot',
      result.download,
      `${result.download.mbPerSec} MB/s; sha256 verified: ${result.download.sha256Verified}`,
    );
    line(
      'parquet (the same rows → Parquet, Snappy)',
      result.parquet,
      `${result.parquet.sizeToJsonLines}× the JSON Lines bytes; rows = exporter's: ${result.parquet.rowsEqualExporter}`,
    );
    line(
      'snapshot, file_format parquet',
      result.snapshotParquet,
      `${result.snapshotParquet.sizeToJsonLinesSnapshot}× the JSON Lines snapshot; rows = exporter's: ${result.snapshotParquet.rowsEqualExporter}`,
    );
    line('baseline: PostgreSQL JSON rows, COPY TO STDOUT', result.baseline.copy, '');
    const t = result.targets;
    console.log(
      `\ntargets: peak RSS < 300 MB ${t.peakRssUnder300Mb ? 'met' : 'MISSED'} (Parquet ${t.parquetPeakRssUnder300Mb ? 'met' : 'MISSED'}); ≥ half COPY speed: exporter ${t.exporterAtLeastHalfCopy ? 'met' : 'MISSED'}, snapshot ${t.snapshotAtLeastHalfCopy ? 'met' : 'MISSED'}`,
    );
  } finally {
    await db.close();
  }
}
