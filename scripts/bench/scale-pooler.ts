/**
 * Connections held on the primary with and without PgBouncer (issue 29): `--labelers` simulated
 * labelers (400) claim → think → submit over the labeler JSON API against `--instances` app
 * instances (4 × `next start`, DB_POOL_SIZE `--pool` 10 each, as a deployment behind a load
 * balancer has), first connected straight to PostgreSQL, then through a real PgBouncer in
 * transaction mode (scripts/lib/pgbouncer.ts, `--pooler-pool` 10 server connections). Every 250 ms
 * the client backends on the database are counted in pg_stat_activity (peak and mean) and, behind
 * the pooler, the app connections PgBouncer holds (SHOW POOLS). Throughput and claim/submit latency
 * of both runs show what the pooler costs. The direct run is the baseline.
 *   --labelers 400  --instances 4  --pool 10  --pooler-pool 10  --seconds 30  --think-ms 1000-3000  --json
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildIfNeeded } from '../lib/build';
import { findFreePort } from '../lib/embedded-postgres';
import { invariants, makeLabelers, makeProject, OVERLAP, startApp, type Labeler } from '../lib/labeler-load';
import { startPgBouncer, type PgBouncer } from '../lib/pgbouncer';
import { httpSteps, runLoops } from './assign';
import { percentiles, round, scratchDatabase } from './harness';

const root = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type ScaleRun = {
  /** Client backends on the database (pg_stat_activity), the sampler's own excluded: the most seen at once. */
  primaryConnections: number;
  /** Their mean over the run's samples. */
  meanPrimaryConnections: number;
  /** Connections the app instances held: to PostgreSQL directly, or to PgBouncer (its clients), the most seen at once. */
  appConnections: number;
  submitsPerSec: number;
  claim: { count: number; p50Ms: number; p95Ms: number; p99Ms: number };
  submit: { count: number; p50Ms: number; p95Ms: number; p99Ms: number };
  errors: Record<string, number>;
  invariants: { overfilledItems: number; duplicateLabelerItem: number };
  loadAverage: { before: number; after: number };
  /** Distinct error messages the instances logged (a 500's cause), most frequent first. */
  serverErrors: string[];
};

export type ScalePoolerOptions = {
  labelers: number;
  instances?: number;
  /** DB_POOL_SIZE of each instance. */
  pool?: number;
  /** PgBouncer's server connections (default_pool_size). */
  poolerPool?: number;
  seconds?: number;
  thinkMs?: { min: number; max: number };
  log?: (line: string) => void;
};

export type ScalePoolerResult = {
  setup: {
    labelers: number;
    instances: number;
    appPoolSize: number;
    poolerPoolSize: number;
    seconds: number;
    thinkMs: { min: number; max: number };
    items: number;
    cpus: number;
  };
  direct: ScaleRun;
  pooled: ScaleRun;
};

/** Counts client backends on `database` every 250 ms (and PgBouncer's clients when given) until stopped. */
function sampleConnections(databaseUrl: string, bouncer: PgBouncer | null) {
  const direct = new pg.Client({ connectionString: databaseUrl });
  const console_ = bouncer ? new pg.Client({ connectionString: bouncer.adminUrl }) : null;
  const seen = { samples: 0, sum: 0, peak: 0, peakClients: 0 };
  let stopped = false;
  const loop = (async () => {
    await direct.connect();
    await console_?.connect();
    while (!stopped) {
      const { rows } = await direct.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      const n = rows[0]?.n ?? 0;
      seen.samples += 1;
      seen.sum += n;
      seen.peak = Math.max(seen.peak, n);
      if (console_) {
        const pools = (await console_.query<{ database: string; cl_active: string; cl_waiting: string }>('SHOW POOLS')).rows;
        const clients = pools
          .filter((p) => p.database !== 'pgbouncer')
          .reduce((sum, p) => sum + Number(p.cl_active) + Number(p.cl_waiting), 0);
        seen.peakClients = Math.max(seen.peakClients, clients);
      }
      await sleep(250);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await direct.end();
      await console_?.end();
      return seen;
    },
  };
}

/** The error messages in the instances' JSON log lines, counted, most frequent first. */
function errorMessages(stderr: string): string[] {
  const counts = new Map<string, number>();
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; error?: { message?: string } };
      const key = `${entry.msg ?? ''}: ${entry.error?.message ?? ''}`.slice(0, 160);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      // not a log line
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${n}× ${m}`);
}

async function stopApps(apps: ChildProcess[]): Promise<void> {
  await Promise.all(
    apps.map(async (app) => {
      if (app.exitCode !== null || app.signalCode !== null) return;
      const exited = new Promise((r) => app.once('exit', r));
      app.kill('SIGTERM');
      await exited;
    }),
  );
}

/**
 * One run: the instances started with `env`, a warm-up, `labelers` looping for `seconds` (labeler i
 * on instance i mod n), the connections sampled throughout; the instances are stopped afterwards.
 */
async function oneRun(o: {
  env: Record<string, string>;
  instances: number;
  labelers: Labeler[];
  project: string;
  warmup: string;
  seconds: number;
  think: () => number;
  databaseUrl: string;
  admin: pg.Pool;
  bouncer: PgBouncer | null;
}): Promise<ScaleRun> {
  const apps: ChildProcess[] = [];
  const stderrs: (() => string)[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  try {
    const urls: string[] = [];
    for (let i = 0; i < o.instances; i++) {
      const port = await findFreePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const started = await startApp({ ...o.env, NEXTAUTH_URL: baseUrl }, port);
      apps.push(started.app);
      stderrs.push(started.stderr);
      urls.push(baseUrl);
    }
    const instanceOf = new Map(o.labelers.map((l, i) => [l.id, i % o.instances]));
    const steps = (project: string) => {
      const per = urls.map((url) => httpSteps(url, project, agent));
      const pick = (l: Labeler) => per[instanceOf.get(l.id) ?? 0] as ReturnType<typeof httpSteps>;
      return {
        claim: (l: Labeler) => pick(l).claim(l),
        submit: (l: Labeler, task: { id: string; ranking: string[][] }, thinkMs: number) => pick(l).submit(l, task, thinkMs),
      };
    };
    // Route code loaded and a few pool connections open in every instance.
    await runLoops(o.labelers.slice(0, 10 * o.instances), 3, () => 50, steps(o.warmup));
    const before = round(os.loadavg()[0] ?? 0);
    const sampler = sampleConnections(o.databaseUrl, o.bouncer);
    const loops = await runLoops(o.labelers, o.seconds, o.think, steps(o.project));
    const seen = await sampler.stop();
    return {
      primaryConnections: seen.peak,
      meanPrimaryConnections: round(seen.sum / Math.max(1, seen.samples)),
      appConnections: o.bouncer ? seen.peakClients : seen.peak,
      submitsPerSec: round(loops.submitMs.length / o.seconds),
      claim: percentiles(loops.claimMs),
      submit: percentiles(loops.submitMs),
      errors: loops.errors,
      invariants: await invariants(o.admin, o.project),
      loadAverage: { before, after: round(os.loadavg()[0] ?? 0) },
      serverErrors: errorMessages(stderrs.map((s) => s()).join('\n')),
    };
  } finally {
    agent.destroy();
    await stopApps(apps);
  }
}

/**
 * The benchmark's figures (also for `npm run bench -- scale`, which the replica benchmark joins):
 * the same load straight to PostgreSQL, then through PgBouncer in transaction mode.
 */
export async function benchPoolerConnections(options: ScalePoolerOptions): Promise<ScalePoolerResult> {
  const say = options.log ?? (() => undefined);
  const instances = options.instances ?? 4;
  const poolSize = options.pool ?? 10;
  const poolerPool = options.poolerPool ?? 10;
  const seconds = options.seconds ?? 30;
  const thinkMs = options.thinkMs ?? { min: 1000, max: 3000 };
  const think = () => thinkMs.min + Math.random() * (thinkMs.max - thinkMs.min);
  // Enough items that nobody runs out: every labeler at the shortest think time, three labels per item.
  const items = Math.max(1000, Math.ceil((options.labelers * seconds * 1000) / Math.max(thinkMs.min, 100) / OVERLAP));

  const db = await scratchDatabase('scale_pooler');
  const secret = randomBytes(32).toString('hex');
  const admin = new pg.Pool({ connectionString: db.databaseUrl, max: 4 });
  admin.on('error', () => undefined);
  let bouncer: PgBouncer | null = null;
  try {
    say(`generating ${options.labelers} labelers and two projects of ${items} items`);
    const labelers = await makeLabelers(admin, options.labelers, secret);
    const ids = labelers.map((l) => l.id);
    const warmup = await makeProject(admin, 'warmup', 300, ids);
    const directProject = await makeProject(admin, 'direct', items, ids);
    const pooledProject = await makeProject(admin, 'pooled', items, ids);
    await admin.query('ANALYZE');
    buildIfNeeded({ root, log: say });
    const env = {
      NEXTAUTH_SECRET: secret,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: String(poolSize),
    };
    const common = { instances, labelers, warmup, seconds, think, databaseUrl: db.databaseUrl, admin };

    say(`${options.labelers} labelers on ${instances} instances straight to PostgreSQL for ${seconds} s`);
    const direct = await oneRun({ ...common, env: { ...env, DATABASE_URL: db.databaseUrl }, project: directProject, bouncer: null });

    bouncer = await startPgBouncer({ serverUrl: db.databaseUrl, poolSize: poolerPool, log: say });
    say(
      `${options.labelers} labelers on ${instances} instances through PgBouncer (transaction mode, ${poolerPool} server connections) for ${seconds} s`,
    );
    const pooled = await oneRun({
      ...common,
      env: { ...env, DATABASE_URL: bouncer.url, DATABASE_POOLER: 'transaction', DATABASE_DIRECT_URL: db.databaseUrl },
      project: pooledProject,
      bouncer,
    });
    return {
      setup: {
        labelers: options.labelers,
        instances,
        appPoolSize: poolSize,
        poolerPoolSize: poolerPool,
        seconds,
        thinkMs,
        items,
        cpus: os.availableParallelism(),
      },
      direct,
      pooled,
    };
  } finally {
    await bouncer?.stop();
    await admin.end();
    await db.close();
  }
}

function parseThink(value: string): { min: number; max: number } {
  const [a, b] = value.split('-').map(Number);
  if (a === undefined || !Number.isFinite(a) || (b !== undefined && !Number.isFinite(b)))
    throw new Error(`--think-ms takes N or MIN-MAX (got "${value}")`);
  return { min: a, max: b ?? a };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      labelers: { type: 'string', default: '400' },
      instances: { type: 'string', default: '4' },
      pool: { type: 'string', default: '10' },
      'pooler-pool': { type: 'string', default: '10' },
      seconds: { type: 'string', default: '30' },
      'think-ms': { type: 'string', default: '1000-3000' },
    },
  });
  const result = await benchPoolerConnections({
    labelers: Number(values.labelers),
    instances: Number(values.instances),
    pool: Number(values.pool),
    poolerPool: Number(values['pooler-pool']),
    seconds: Number(values.seconds),
    thinkMs: parseThink(values['think-ms']),
    log: (line) => values.json || console.error(`[bench] ${line}`),
  });
  const ratio = (a: number, b: number) => round(a / Math.max(b, 0.01));
  const { direct, pooled, setup } = result;
  if (values.json) {
    console.log(
      JSON.stringify({
        benchmark: 'scale-pooler',
        setup,
        pooled,
        baseline: { direct },
        ratio: {
          primaryConnections: ratio(pooled.primaryConnections, direct.primaryConnections),
          submitsPerSec: ratio(pooled.submitsPerSec, direct.submitsPerSec),
          claimP95: ratio(pooled.claim.p95Ms, direct.claim.p95Ms),
          submitP95: ratio(pooled.submit.p95Ms, direct.submit.p95Ms),
        },
      }),
    );
    return;
  }
  console.log(
    `\nscale-pooler: ${setup.labelers} labelers, think ${setup.thinkMs.min}–${setup.thinkMs.max} ms, ${setup.seconds} s per run, ` +
      `${setup.instances} app instances × DB_POOL_SIZE ${setup.appPoolSize}; PgBouncer ${setup.poolerPoolSize} server connections (transaction mode)`,
  );
  const row = (name: string, a: string | number, b: string | number, note = '') =>
    console.log(`${name.padEnd(44)} ${String(a).padStart(14)} ${String(b).padStart(14)}  ${note}`);
  console.log('');
  row('measurement', 'through pooler', 'direct (base)');
  row(
    'connections on the primary (peak)',
    pooled.primaryConnections,
    direct.primaryConnections,
    `${ratio(pooled.primaryConnections, direct.primaryConnections)}×`,
  );
  row('connections on the primary (mean)', pooled.meanPrimaryConnections, direct.meanPrimaryConnections);
  row('app connections held (peak)', pooled.appConnections, direct.appConnections, 'behind the pooler: its clients');
  row('submits/s', pooled.submitsPerSec, direct.submitsPerSec, `${ratio(pooled.submitsPerSec, direct.submitsPerSec)}×`);
  row(
    'claim p50 / p95 ms',
    `${pooled.claim.p50Ms} / ${pooled.claim.p95Ms}`,
    `${direct.claim.p50Ms} / ${direct.claim.p95Ms}`,
    `p95 ${ratio(pooled.claim.p95Ms, direct.claim.p95Ms)}×`,
  );
  row(
    'submit p50 / p95 ms',
    `${pooled.submit.p50Ms} / ${pooled.submit.p95Ms}`,
    `${direct.submit.p50Ms} / ${direct.submit.p95Ms}`,
    `p95 ${ratio(pooled.submit.p95Ms, direct.submit.p95Ms)}×`,
  );
  const errors = (e: Record<string, number>) =>
    Object.entries(e)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ') || 'none';
  row('errors', errors(pooled.errors), errors(direct.errors));
  row(
    'over-filled items / labeler twice',
    `${pooled.invariants.overfilledItems} / ${pooled.invariants.duplicateLabelerItem}`,
    `${direct.invariants.overfilledItems} / ${direct.invariants.duplicateLabelerItem}`,
  );
  row(
    'load average (1 min) before → after',
    `${pooled.loadAverage.before} → ${pooled.loadAverage.after}`,
    `${direct.loadAverage.before} → ${direct.loadAverage.after}`,
    `${setup.cpus} CPUs`,
  );
  for (const [name, r] of [
    ['through pooler', pooled],
    ['direct', direct],
  ] as const)
    if (r.serverErrors.length) console.log(`\napp log (${name}): ${r.serverErrors.slice(0, 5).join(' · ')}`);
  console.log(
    '\nclient, app instances, PgBouncer and PostgreSQL share this machine: latency and throughput are relative to the direct run.',
  );
}
