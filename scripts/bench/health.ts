/**
 * Dataset health (issue 28) on 1,000,000 pairs: what the health report costs on top of the export
 * that accumulates it. A generated project (default 55,556 single-turn items × 4 responses of
 * varied length, 3 of 12 labelers per item, full rankings leaning to the longer response:
 * 1,000,008 pairs per labeler), then, each in a child process of its own (its peak RSS is its own):
 *   1. exporter: the streaming exporter (lib/export writeExport: keyset batches → rows → bytes), the baseline;
 *   2. exporter + health: the same export with the health accumulated per row (a snapshot's path)
 *      and the report fitted at the end (learned baseline, model ratings, bootstrap);
 *   3. health alone: the live project's report (lib/export/project-health.ts: the rows without encoding them).
 * Prints a table (or --json): time, CPU seconds, peak RSS, and the cost over the exporter.
 *   --items N (55556)  --responses K (4)  --per-item N (3)  --labelers N (12)  --chars N (300)  --json
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { fillerSql, insertBenchProject } from './bench-project';
import { round, scratchDatabase } from './harness';

async function generate(pool: pg.Pool, o: { items: number; k: number; perItem: number; labelers: number; chars: number }): Promise<string> {
  const { projectId, userIds } = await insertBenchProject(pool, {
    slug: 'bench-health',
    name: 'Bench health',
    items: o.items,
    perItem: o.perItem,
    labelers: o.labelers,
    promptChars: Math.floor(o.chars / 2),
  });
  // Lengths vary from a third to twice --chars; a few responses get a list or a refusal, so every feature differs somewhere.
  await pool.query(
    `INSERT INTO responses ("itemId", "externalId", "modelId", text, "createdAt")
     SELECT i.id, i."externalId" || '-' || k, 'model-' || k,
            CASE WHEN random() < 0.1 THEN 'I''m sorry, I can''t fully answer. ' ELSE '' END ||
            'Answer ' || k || ' to ' || i."externalId" || ': ' || left(${fillerSql(2 * o.chars)}, (($2::int / 3) + floor(random() * $2::int * (1 + k * 0.2)))::int) ||
            CASE WHEN random() < 0.3 THEN E'\\n- first point\\n- second point' ELSE '' END,
            timestamp '2026-01-01' + k * interval '1 millisecond'
       FROM items i, generate_series(0, $3::int - 1) k WHERE i."projectId" = $1`,
    [projectId, o.chars, o.k],
  );
  // Each item: labelers (n + s·⌊L/perItem⌋) mod L, each ranking by length times noise (longer tends to win), shown in a random order.
  await pool.query(
    `WITH j AS (
       SELECT i.id AS item, ($2::uuid[])[1 + ((n + s * ($3::int / $4::int)) % $3::int)] AS usr, s, i."createdAt",
              (SELECT jsonb_agg(jsonb_build_array(r.id) ORDER BY length(r.text) * (0.3 + random()) DESC) FROM responses r WHERE r."itemId" = i.id) AS ranking,
              (SELECT array_agg(r.id::text ORDER BY random()) FROM responses r WHERE r."itemId" = i.id) AS shown
         FROM (SELECT id, "createdAt", row_number() OVER (ORDER BY "createdAt") AS n FROM items WHERE "projectId" = $1) i, generate_series(0, $4::int - 1) s),
     a AS (
       INSERT INTO assignments ("projectId", "itemId", "userId", status, "leaseExpiresAt", "shownOrder", slot, "submittedAt")
       SELECT $1, item, usr, 'SUBMITTED', now(), shown, s, now() FROM j RETURNING id, "itemId", "userId")
     INSERT INTO judgments ("assignmentId", "itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs", "createdAt")
     SELECT a.id, j.item, j.usr, j.ranking, '{}', 1, 30000, j."createdAt" FROM j JOIN a ON a."itemId" = j.item AND a."userId" = j.usr`,
    [projectId, userIds, o.labelers, o.perItem],
  );
  await pool.query('VACUUM ANALYZE');
  return projectId;
}

type PhaseResult = {
  seconds: number;
  cpuSeconds: number;
  rows: number;
  rssBeforeMb: number;
  maxRssMb: number;
  /** exporter + health: the report's fit at the end (of `seconds`), and what the accumulator held. */
  reportSeconds?: number;
  heldMb?: number;
  health?: unknown;
};

async function runPhase(phase: string, projectId: string): Promise<PhaseResult> {
  const { getPgPool, withTransaction } = await import('../../lib/db');
  const { ZExportRequest, toExportSettings } = await import('../../lib/export/schemas');
  const { loadExportItems } = await import('../../lib/export/load-export-items');
  const { writeExport } = await import('../../lib/export/write-export');
  const { jsonLinesEncoder } = await import('../../lib/export/shard-encoder');
  const { collectHealth } = await import('../../lib/export/collect-health');
  const { computeProjectHealth } = await import('../../lib/export/project-health');
  const settings = toExportSettings(ZExportRequest.parse({ format: 'pairs' }));
  await getPgPool().query('SELECT 1');
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let rows = 0;
  let reportSeconds: number | undefined;
  let heldMb: number | undefined;
  let health: unknown;
  if (phase === 'health') {
    const report = await computeProjectHealth({ projectId, format: 'pairs' });
    rows = report.pairs.rows;
    health = report;
  } else {
    const collector = phase === 'exporter-health' ? collectHealth() : null;
    await withTransaction(
      async (client) => {
        const count = async () => undefined;
        const writers = { train: jsonLinesEncoder.open('train', count), validation: jsonLinesEncoder.open('validation', count) };
        const stats = await writeExport({
          settings,
          batches: loadExportItems({ client, projectId, settings }),
          shards: { write: (split, r) => writers[split].write(r) },
          ...(collector ? { observe: collector.observe } : {}),
        });
        await writers.train.end();
        await writers.validation.end();
        rows = stats.rows;
      },
      { isolation: 'repeatable read', readOnly: true },
    );
    if (collector) {
      heldMb = round(collector.heldBytes() / 1024 / 1024);
      const fitStarted = performance.now();
      health = collector.report();
      reportSeconds = (performance.now() - fitStarted) / 1000;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await getPgPool().end();
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    rows,
    rssBeforeMb,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(reportSeconds !== undefined ? { reportSeconds, heldMb } : {}),
    ...(health ? { health } : {}),
  };
}

function spawnPhase(phase: string, databaseUrl: string, projectId: string): Promise<PhaseResult> {
  const args = [...process.execArgv, process.argv[1]!, 'health', '--phase', phase, '--project', projectId];
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
      else reject(new Error(`bench phase ${phase} failed (exit ${code}): ${out.slice(0, 2000)}`));
    });
  });
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      items: { type: 'string', default: '55556' },
      responses: { type: 'string', default: '4' },
      'per-item': { type: 'string', default: '3' },
      labelers: { type: 'string', default: '12' },
      chars: { type: 'string', default: '300' },
      phase: { type: 'string' },
      project: { type: 'string' },
    },
  });
  if (values.phase) {
    process.env.NEXTAUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-0000';
    console.log(JSON.stringify(await runPhase(values.phase, values.project!)));
    return;
  }
  const o = {
    items: Number(values.items),
    k: Number(values.responses),
    perItem: Number(values['per-item']),
    labelers: Number(values.labelers),
    chars: Number(values.chars),
  };
  const db = await scratchDatabase('health');
  try {
    const pool = new pg.Pool({ connectionString: db.databaseUrl, max: 2 });
    const generateStarted = performance.now();
    const projectId = await generate(pool, o).finally(() => pool.end());
    const generateSeconds = (performance.now() - generateStarted) / 1000;
    const exporter = await spawnPhase('exporter', db.databaseUrl, projectId);
    const withHealth = await spawnPhase('exporter-health', db.databaseUrl, projectId);
    const alone = await spawnPhase('health', db.databaseUrl, projectId);
    const figure = (r: PhaseResult) => ({
      rows: r.rows,
      seconds: round(r.seconds),
      cpuSeconds: round(r.cpuSeconds),
      rowsPerSec: Math.round(r.rows / r.seconds),
      peakRssMb: r.maxRssMb,
      rssBeforeMb: r.rssBeforeMb,
    });
    const result = {
      benchmark: 'health',
      project: { ...o, generateSeconds: round(generateSeconds) },
      load: os.loadavg().map(round),
      exporter: figure(exporter),
      exporterWithHealth: {
        ...figure(withHealth),
        reportSeconds: round(withHealth.reportSeconds ?? 0),
        heldMb: withHealth.heldMb,
        cpuRatioToExporter: round(withHealth.cpuSeconds / exporter.cpuSeconds),
        extraPeakRssMb: withHealth.maxRssMb - exporter.maxRssMb,
      },
      healthAlone: { ...figure(alone), cpuRatioToExporter: round(alone.cpuSeconds / exporter.cpuSeconds) },
      sameReport: JSON.stringify(withHealth.health) === JSON.stringify(alone.health),
      health: alone.health,
    };
    if (values.json) {
      console.log(JSON.stringify(result));
      return;
    }
    const line = (name: string, f: ReturnType<typeof figure>, note: string) =>
      console.log(
        `${name.padEnd(34)} ${String(f.rows).padStart(10)} ${String(f.seconds).padStart(8)} ${String(f.cpuSeconds).padStart(8)} ${String(f.rowsPerSec).padStart(9)} ${String(f.peakRssMb).padStart(8)}  ${note}`,
      );
    console.log(
      `\nDataset health on ${exporter.rows.toLocaleString('en')} pairs (load ${result.load.join(' ')}; generated in ${round(generateSeconds)} s)\n`,
    );
    console.log(
      `${'measurement'.padEnd(34)} ${'rows'.padStart(10)} ${'s'.padStart(8)} ${'CPU s'.padStart(8)} ${'rows/s'.padStart(9)} ${'peak MB'.padStart(8)}  vs the exporter`,
    );
    line('exporter (baseline)', result.exporter, '');
    line(
      'exporter + health (snapshot path)',
      figure(withHealth),
      `CPU ×${result.exporterWithHealth.cpuRatioToExporter}, +${result.exporterWithHealth.extraPeakRssMb} MB peak; report fit ${result.exporterWithHealth.reportSeconds} s, ${withHealth.heldMb} MB held`,
    );
    line('health alone (dashboard, CLI)', figure(alone), `CPU ×${result.healthAlone.cpuRatioToExporter}`);
    console.log(`\nsame report both ways: ${result.sameReport}`);
  } finally {
    await db.close();
  }
}
