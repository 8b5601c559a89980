/**
 * `npm run test:reliability [-- --size reduced|full] [--labelers N] [--seconds S] [--pooler] [--json]`
 *
 * Load and faults over real HTTP: two `next start` instances on two ports against one PostgreSQL
 * (an embedded one started here, or DATABASE_URL's). Simulated labelers alternate between the
 * instances, claim → think → submit through the labeler JSON API. Meanwhile one instance is killed
 * with SIGKILL and restarted on the same port, and PostgreSQL is restarted once (fast shutdown, then
 * start on the same data folder; skipped with DATABASE_URL, whose server is not ours).
 * A request that fails with a network error, a timeout or a 5xx is retried on the other instance
 * with backoff, a submit with the SAME assignment id (the idempotency key). Every acknowledged (2xx)
 * submit is recorded with its assignment id, judgment id and a hash of its payload; one in ten is
 * sent once more (a lost answer) and must come back as the same, duplicate judgment. Afterwards plain
 * SQL checks the invariants. Prints a report table (or, with --json, one JSON object); exit 1 on any FAIL.
 *   full: 200 labelers for 120 s     reduced (CI): 40 labelers for 40 s
 * on enough items (overlap 3) that nobody runs out, think 300–1500 ms. Also --items N.
 * Fault times are wall-clock fractions of the run; the invariants do not depend on them.
 * --pooler: every app connection goes through a real PgBouncer in transaction mode (scripts/lib/pgbouncer.ts;
 * the apps get DATABASE_POOLER=transaction and DATABASE_DIRECT_URL), which stays up while PostgreSQL
 * restarts behind it; sampled every 2 s, every backend on the database other than the runner's own
 * must be one of PgBouncer's server connections (a check of the report).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { invariants, makeLabelers, makeProject, OVERLAP, post, startApp, type Labeler } from '../lib/labeler-load';
import { ensureDatabase, findFreePort, startEmbeddedPostgres, type EmbeddedPostgres } from '../lib/embedded-postgres';
import { deployMigrations } from '../lib/migrations';
import { startPgBouncer, type PgBouncer } from '../lib/pgbouncer';

const root = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SIZES = {
  full: { labelers: 200, seconds: 120, items: 10_000 },
  reduced: { labelers: 40, seconds: 40, items: 2000 },
} as const;
const THINK_MS = { min: 300, max: 1500 };
const REQUEST_TIMEOUT_MS = 15_000;
/** A submit still unacknowledged this long after its first attempt counts as given up (a FAIL). */
const SUBMIT_GIVE_UP_MS = 90_000;
const SEED = 20_261_129;
/** Share of acknowledged submits sent once more (a lost answer, a double click): the idempotency path, whatever the faults hit. */
const RESEND_RATE = 0.1;

/** A small seeded PRNG (mulberry32): think times and rankings are the same from run to run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The content a judgment must have, hashed the same way on both sides (client payload, database row). */
const payloadHash = (p: { ranking: string[][]; allUnacceptable: boolean; durationMs: number }) =>
  createHash('sha256')
    .update(JSON.stringify([p.ranking, p.allUnacceptable, p.durationMs]))
    .digest('hex')
    .slice(0, 16);

type Kind = 'claim' | 'submit';
type Ack = { assignmentId: string; judgmentId: string; hash: string; attempts: number; duplicate: boolean; at: number };
type Instance = { name: string; port: number; baseUrl: string; app: ChildProcess; stderr: () => string; killedByUs: boolean };

const stats = {
  requests: { claim: 0, submit: 0 } as Record<Kind, number>,
  responses: { '2xx': 0, '4xx': 0, '5xx': 0, 'no response': 0 } as Record<string, number>,
  errors: {} as Record<string, number>,
  retries: { claim: 0, submit: 0 } as Record<Kind, number>,
  serverDuplicates: 0,
  resent: 0,
  resentAnsweredDuplicate: 0,
  submitsGivenUp: 0,
  labelersOutOfItems: 0,
  unexpectedExits: [] as string[],
};
const acks: Ack[] = [];
/** Instances that did not finish their open requests within 20 s of SIGTERM at the end. */
const stuckOnStop: string[] = [];
const events: { atS: number; what: string }[] = [];
/** Printed as it happens (stderr), so a log cut short still shows how far the run got. */
let onEvent: (atS: number, what: string) => void = () => undefined;
function event(atS: number, what: string): void {
  events.push({ atS, what });
  onEvent(atS, what);
}

function errorKind(status: string): string {
  if (/^5\d\d$/.test(status)) return `5xx ${status}`;
  if (/^4\d\d$/.test(status)) return `4xx ${status}`;
  return (
    { ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset', EPIPE: 'broken pipe', timeout: 'timeout' }[status] ??
    `network ${status}`
  );
}

/**
 * One API call with retries: a network error, a timeout or a 5xx is retried on the other instance
 * after a backoff (200 ms doubling to 3 s), the same body each time, until `giveUpAt`. Returns the
 * 2xx JSON, or null (a 4xx, which is not retried, or given up).
 */
async function call(
  kind: Kind,
  instances: Instance[],
  turn: { n: number },
  labeler: Labeler,
  url: string,
  body: unknown,
  giveUpAt: number,
  rand: () => number,
): Promise<{ json: Record<string, unknown>; attempts: number } | null> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    const target = instances[turn.n++ % instances.length] as Instance;
    stats.requests[kind] += 1;
    const { status, json } = await post(
      agent,
      `${target.baseUrl}${url}`,
      { cookie: labeler.cookie, origin: target.baseUrl, 'content-type': 'application/json' },
      text,
      REQUEST_TIMEOUT_MS,
    );
    const cls = /^\d\d\d$/.test(status) ? `${status[0]}xx` : 'no response';
    stats.responses[cls] = (stats.responses[cls] ?? 0) + 1;
    if (cls === '2xx') return { json, attempts: attempt };
    stats.errors[errorKind(status)] = (stats.errors[errorKind(status)] ?? 0) + 1;
    if (cls === '4xx' || cls === '3xx') return null;
    if (Date.now() >= giveUpAt) return null;
    stats.retries[kind] += 1;
    await sleep(Math.min(3000, 200 * 2 ** (attempt - 1)) * (0.5 + rand()));
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
/** Ends every labeler loop at its next step (set once the run starts). */
let stopLabelers = () => undefined as unknown;

/**
 * When the labelers stop: at the deadline, but never before the faults are done plus 10 s, so work
 * after the last fault is always observed however slowly a restart went.
 */
type Clock = { deadline: number; faultsDone: boolean; stopped: boolean };
const running = (clock: Clock) => !clock.stopped && (!clock.faultsDone || Date.now() < clock.deadline);

/** One labeler until the deadline: claim, think, submit (retried to an acknowledgment). */
async function labelerLoop(index: number, labeler: Labeler, instances: Instance[], projectId: string, clock: Clock): Promise<void> {
  const rand = prng(SEED + index);
  const turn = { n: index };
  const think = () => THINK_MS.min + rand() * (THINK_MS.max - THINK_MS.min);
  await sleep(rand() * THINK_MS.max);
  while (running(clock)) {
    const claimed = await call(
      'claim',
      instances,
      turn,
      labeler,
      `/api/v1/projects/${projectId}/tasks/next`,
      undefined,
      clock.faultsDone ? clock.deadline : Date.now() + SUBMIT_GIVE_UP_MS,
      rand,
    );
    if (!claimed) {
      await sleep(500);
      continue;
    }
    const task = claimed.json.task as { assignmentId: string; responses: { id: string }[] } | null;
    if (!task) {
      stats.labelersOutOfItems += 1;
      return;
    }
    const thinkMs = think();
    await sleep(thinkMs);
    if (!running(clock)) return; // the task stays claimed: its lease would expire
    // A strict order of the responses shown, shuffled by the seeded generator.
    const order = task.responses.map((r) => r.id);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j] as string, order[i] as string];
    }
    const payload = { ranking: order.map((id) => [id]), allUnacceptable: false, durationMs: Math.round(thinkMs) };
    const body = { ...payload, ratings: [], promptFlags: [] };
    const url = `/api/v1/projects/${projectId}/assignments/${task.assignmentId}/submit`;
    const submitted = await call('submit', instances, turn, labeler, url, body, Date.now() + SUBMIT_GIVE_UP_MS, rand);
    if (!submitted) {
      stats.submitsGivenUp += 1;
      continue;
    }
    const duplicate = submitted.json.duplicate === true;
    if (duplicate) stats.serverDuplicates += 1;
    const judgmentId = String(submitted.json.judgmentId);
    acks.push({
      assignmentId: task.assignmentId,
      judgmentId,
      hash: payloadHash(payload),
      attempts: submitted.attempts,
      duplicate,
      at: Date.now(),
    });
    if (rand() < RESEND_RATE) {
      // As if the answer had been lost: the same submit again, to the other instance. Must be a no-op.
      stats.resent += 1;
      const again = await call('submit', instances, turn, labeler, url, body, Date.now() + SUBMIT_GIVE_UP_MS, rand);
      if (again?.json.duplicate === true && again.json.judgmentId === judgmentId) stats.resentAnsweredDuplicate += 1;
    }
  }
}

type Check = { name: string; pass: boolean; detail: string };

async function check(
  pool: pg.Pool,
  projectId: string,
  faults: { appKilled: boolean; appRestarted: boolean; postgresRestarted: boolean | null; lastFaultAt: number; error: string },
): Promise<Check[]> {
  const { rows } = await pool.query<{
    assignmentId: string;
    id: string;
    ranking: string[][];
    allUnacceptable: boolean;
    durationMs: number;
  }>(
    `SELECT j."assignmentId", j.id, j.ranking, j."allUnacceptable", j."durationMs" FROM judgments j JOIN items i ON i.id = j."itemId" WHERE i."projectId" = $1`,
    [projectId],
  );
  const byAssignment = new Map<string, typeof rows>();
  for (const r of rows) byAssignment.set(r.assignmentId, [...(byAssignment.get(r.assignmentId) ?? []), r]);
  const exactlyOnce = (a: Ack) => {
    const found = byAssignment.get(a.assignmentId) ?? [];
    const row = found[0];
    return (
      found.length === 1 &&
      row !== undefined &&
      row.id === a.judgmentId &&
      payloadHash({ ranking: row.ranking, allUnacceptable: row.allUnacceptable, durationMs: row.durationMs }) === a.hash
    );
  };
  const ackedIds = new Set(acks.map((a) => a.assignmentId));
  const badAcks = acks.filter((a) => !exactlyOnce(a));
  const retried = acks.filter((a) => a.attempts > 1);
  const badRetried = retried.filter((a) => !exactlyOnce(a));
  const doubled = [...byAssignment.values()].filter((list) => list.length > 1).length;
  const unacknowledged = rows.filter((r) => !ackedIds.has(r.assignmentId)).length;
  const inv = await invariants(pool, projectId);
  const pgFault =
    faults.postgresRestarted === null
      ? 'PostgreSQL restart skipped (DATABASE_URL is not ours)'
      : `PostgreSQL restarted: ${faults.postgresRestarted}`;
  return [
    {
      name: 'faults injected (SIGKILL + restart of one app, PostgreSQL restart)',
      pass: faults.appKilled && faults.appRestarted && faults.postgresRestarted !== false,
      detail: `app killed: ${faults.appKilled}, restarted: ${faults.appRestarted}; ${pgFault}${faults.error ? `; failed: ${faults.error}` : ''}`,
    },
    {
      name: 'both instances stopped within 20 s of SIGTERM (no request left hanging)',
      pass: stuckOnStop.length === 0,
      detail: stuckOnStop.length ? `killed: ${stuckOnStop.join(', ')}` : 'yes',
    },
    {
      name: 'no app instance died other than by our SIGKILL',
      pass: stats.unexpectedExits.length === 0,
      detail: stats.unexpectedExits.join('; ') || 'none',
    },
    {
      name: 'every acknowledged submit is in the DB exactly once, same content',
      pass: acks.length > 0 && badAcks.length === 0,
      detail: `${acks.length} acknowledged, ${badAcks.length} missing, doubled or different`,
    },
    {
      name: 'every retried submit has exactly one judgment',
      pass: badRetried.length === 0,
      detail: `${retried.length} retried submits, ${badRetried.length} not exactly once`,
    },
    {
      name: 'a re-sent acknowledged submit is answered duplicate, same judgment',
      pass: stats.resentAnsweredDuplicate === stats.resent,
      detail: `${stats.resent} re-sent, ${stats.resentAnsweredDuplicate} answered duplicate with the first judgment id`,
    },
    {
      name: 'no assignment with two judgments (acknowledged or not)',
      pass: doubled === 0,
      detail: `${doubled} assignments; ${unacknowledged} judgments without an acknowledgment (response lost), not a failure`,
    },
    {
      name: 'no item over its overlap (judgments or held slots)',
      pass: inv.overfilledItems === 0,
      detail: `${inv.overfilledItems} items over ${OVERLAP}`,
    },
    {
      name: 'no labeler twice on an item',
      pass: inv.duplicateLabelerItem === 0,
      detail: `${inv.duplicateLabelerItem} (item, labeler) pairs`,
    },
    {
      name: 'every submit was acknowledged in the end (none given up)',
      pass: stats.submitsGivenUp === 0,
      detail: `${stats.submitsGivenUp} given up after ${SUBMIT_GIVE_UP_MS / 1000} s of retries`,
    },
    {
      name: 'work continued after the last fault',
      pass: acks.some((a) => a.at > faults.lastFaultAt),
      detail: `${acks.filter((a) => a.at > faults.lastFaultAt).length} submits acknowledged after it`,
    },
  ];
}

/**
 * Stops a child with SIGTERM and waits for it to exit; SIGKILL when it has not after `graceMs`
 * (`next start` finishes open requests first, and a request that never ends must not hang the run).
 * Resolves to false when the kill was needed.
 */
async function stopChild(child: ChildProcess, graceMs = 20_000): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!graceful) {
    child.kill('SIGKILL');
    await exited;
  }
  return graceful;
}

/** Server connections PgBouncer keeps per database with --pooler: fewer than the two instances' pools (DB_POOL_SIZE 10 each). */
const POOLER_POOL_SIZE = 8;

type PoolerWatch = { samples: number; failedSamples: number; bypassing: Set<number>; peakServers: number; peakClients: number };

/**
 * With --pooler, every 2 s until stopped: the backends on the app's database (but the watcher's own)
 * read twice around PgBouncer's SHOW SERVERS; one present in both reads that PgBouncer does not list
 * (remote_pid) reached PostgreSQL without the pooler. Also the peak server and client connections.
 */
function watchPooler(databaseUrl: string, bouncer: PgBouncer): { stop: () => Promise<PoolerWatch> } {
  const watch: PoolerWatch = { samples: 0, failedSamples: 0, bypassing: new Set(), peakServers: 0, peakClients: 0 };
  const direct = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const console_ = new pg.Pool({ connectionString: bouncer.adminUrl, max: 1 });
  for (const p of [direct, console_]) p.on('error', () => undefined);
  const backends = async () =>
    (
      await direct.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      )
    ).rows.map((r) => r.pid);
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const before = await backends();
        const servers = (await console_.query<{ remote_pid: number }>('SHOW SERVERS')).rows.map((r) => Number(r.remote_pid));
        const pools = (await console_.query<{ database: string; cl_active: number; cl_waiting: number }>('SHOW POOLS')).rows;
        const after = new Set(await backends());
        const listed = new Set(servers);
        for (const pid of before) if (after.has(pid) && !listed.has(pid)) watch.bypassing.add(pid);
        watch.peakServers = Math.max(watch.peakServers, before.length);
        const clients = pools.filter((p) => p.database !== 'pgbouncer').reduce((n, p) => n + Number(p.cl_active) + Number(p.cl_waiting), 0);
        watch.peakClients = Math.max(watch.peakClients, clients);
        watch.samples += 1;
      } catch {
        watch.failedSamples += 1; // PostgreSQL restarting
      }
      await sleep(2000);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      await Promise.all([direct.end(), console_.end()]).catch(() => undefined);
      return watch;
    },
  };
}

/** How long past its planned end the run may take before the watchdog ends it (a FAIL, with what happened so far). */
const WATCHDOG_GRACE_MS = SUBMIT_GIVE_UP_MS + 120_000;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'full' },
      labelers: { type: 'string' },
      seconds: { type: 'string' },
      items: { type: 'string' },
      pooler: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.size !== 'full' && values.size !== 'reduced') throw new Error(`--size must be reduced or full (got "${values.size}")`);
  const size = SIZES[values.size];
  const nLabelers = Number(values.labelers ?? size.labelers);
  const seconds = Number(values.seconds ?? size.seconds);
  // Never fewer items than the labelers could finish at the shortest think time: running out would end the work early.
  const nItems = Number(values.items ?? Math.max(size.items, Math.ceil((nLabelers * seconds * 1000) / THINK_MS.min / OVERLAP)));
  for (const [name, v] of [
    ['--labelers', nLabelers],
    ['--seconds', seconds],
    ['--items', nItems],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive whole number`);
  }
  const say = (line: string) => values.json || console.error(`[reliability] ${line}`);
  const started = Date.now();
  let runStart = started;
  const at = () => Math.round((Date.now() - runStart) / 100) / 10;
  onEvent = (atS, what) => say(`${atS} s: ${what}`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-reliability-'));
  fs.chmodSync(tmp, 0o755); // PostgreSQL runs as an unprivileged user when we are root
  let server: EmbeddedPostgres | undefined;
  let bouncer: PgBouncer | undefined;
  let watcher: ReturnType<typeof watchPooler> | undefined;
  const instances: Instance[] = [];
  let admin: pg.Pool | undefined;
  try {
    let databaseUrl: string;
    const pgOptions = { dataDir: path.join(tmp, 'pgdata'), port: await findFreePort(), passwordFile: path.join(tmp, 'postgres.password') };
    if (process.env.DATABASE_URL) {
      databaseUrl = process.env.DATABASE_URL;
      say('using DATABASE_URL (its server is not restarted)');
    } else {
      say('starting PostgreSQL');
      server = await startEmbeddedPostgres(pgOptions);
      const database = `preflab_reliability_${process.pid}`;
      await ensureDatabase(server.adminUrl, database);
      databaseUrl = server.urlFor(database);
    }
    await deployMigrations({ databaseUrl });

    say(`seeding ${nLabelers} labelers and a project of ${nItems} items (overlap ${OVERLAP})`);
    const secret = randomBytes(32).toString('hex');
    admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    admin.on('error', () => undefined); // idle connections die with the PostgreSQL restart
    const labelers = await makeLabelers(admin, nLabelers, secret);
    const projectId = await makeProject(
      admin,
      'reliability',
      nItems,
      labelers.map((l) => l.id),
    );
    await admin.query('ANALYZE');
    await admin.end();
    admin = undefined;

    // In a child whose stdout is our stderr: `next build` prints to stdout, which --json keeps for the report.
    const build = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'scripts', 'reliability', 'build.ts')], {
      cwd: root,
      stdio: ['ignore', 2, 2],
    });
    if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
    if (values.pooler) {
      bouncer = await startPgBouncer({ serverUrl: databaseUrl, poolSize: POOLER_POOL_SIZE, log: say });
      watcher = watchPooler(databaseUrl, bouncer);
    }
    const pooled: Record<string, string> = bouncer ? { DATABASE_POOLER: 'transaction', DATABASE_DIRECT_URL: databaseUrl } : {};
    const appEnv = (baseUrl: string) => ({
      DATABASE_URL: bouncer?.url ?? databaseUrl,
      ...pooled,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: baseUrl,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
    });
    const launch = async (name: string, port: number): Promise<Instance> => {
      const baseUrl = `http://127.0.0.1:${port}`;
      const { app, stderr } = await startApp(appEnv(baseUrl), port);
      const instance: Instance = { name, port, baseUrl, app, stderr, killedByUs: false };
      app.once('exit', (code, signal) => {
        if (!instance.killedByUs)
          stats.unexpectedExits.push(`${name} exited (${code ?? signal}) at ${at()} s: ${stderr().split('\n').slice(-3).join(' | ')}`);
      });
      return instance;
    };
    say('starting two app instances (next start)');
    const [portA, portB] = [await findFreePort(), await findFreePort()];
    instances.push(await launch('A', portA), await launch('B', portB));

    const faults = {
      appKilled: false,
      appRestarted: false,
      postgresRestarted: server ? false : (null as boolean | null),
      lastFaultAt: 0,
      error: '',
    };
    runStart = Date.now();
    const clock: Clock = { deadline: runStart + seconds * 1000, faultsDone: false, stopped: false };
    stopLabelers = () => (clock.stopped = true);
    // Nothing below may wait forever: past its planned end plus the longest retry window, the run
    // is ended with what it saw so far, and fails.
    const watchdog = setTimeout(
      () => {
        console.error(
          `[reliability] watchdog: the run is still going ${Math.round((seconds * 1000 + WATCHDOG_GRACE_MS) / 1000)} s after it started; ending it (FAIL)`,
        );
        console.error(`[reliability] events so far: ${JSON.stringify(events)}`);
        console.error(`[reliability] counts so far: ${JSON.stringify({ ...stats, acknowledged: acks.length })}`);
        for (const instance of instances) instance.app.kill('SIGKILL');
        if (server?.pid) process.kill(server.pid, 'SIGQUIT');
        process.exit(1);
      },
      seconds * 1000 + WATCHDOG_GRACE_MS,
    );
    watchdog.unref();
    const faultsDone = () => {
      clock.deadline = Math.max(clock.deadline, Date.now() + 10_000);
      clock.faultsDone = true;
    };
    say(`${nLabelers} labelers for ${seconds} s against ${instances.map((i) => i.baseUrl).join(' and ')}`);
    /** A restart on the same port, tried again when it fails (the log says why). */
    const relaunch = async (name: string, port: number): Promise<Instance> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await launch(name, port);
        } catch (error) {
          const why = error instanceof Error ? error.message.split('\n').filter(Boolean).slice(-2).join(' | ') : String(error);
          event(at(), `app ${name} restart attempt ${attempt} failed: ${why.slice(0, 300)}`);
          if (attempt === 3) throw error;
          await sleep(2000);
        }
      }
    };
    const injector = (async () => {
      await sleep(seconds * 250);
      const victim = instances[1] as Instance;
      victim.killedByUs = true;
      victim.app.kill('SIGKILL');
      faults.appKilled = true;
      event(at(), `SIGKILL app ${victim.name} (port ${victim.port})`);
      await sleep(3000);
      instances[1] = await relaunch(victim.name, victim.port);
      faults.appRestarted = true;
      event(at(), `app ${victim.name} restarted and healthy on the same port`);
      faults.lastFaultAt = Date.now();
      if (!server) return faultsDone();
      await sleep(Math.max(0, runStart + seconds * 550 - Date.now()));
      event(at(), 'PostgreSQL fast shutdown');
      await server.stop();
      server = await startEmbeddedPostgres(pgOptions);
      faults.postgresRestarted = true;
      faults.lastFaultAt = Date.now();
      event(at(), 'PostgreSQL accepting connections again (same data folder and port)');
      faultsDone();
    })().catch((error: unknown) => {
      // A fault step that fails ends the faults (the labelers then stop at the deadline); the fault check fails, naming it.
      faults.error = error instanceof Error ? error.message.slice(0, 500) : String(error);
      event(at(), `fault injection failed: ${faults.error}`);
      faultsDone();
    });
    // The loops read `instances` on every request, so a restarted instance is used again.
    await Promise.all([injector, ...labelers.map((l, i) => labelerLoop(i, l, instances, projectId, clock))]);
    event(at(), 'clients done (in-flight submits acknowledged or given up)');
    agent.destroy();
    for (const instance of instances) {
      instance.killedByUs = true;
      if (await stopChild(instance.app)) continue;
      stuckOnStop.push(instance.name);
      event(at(), `app ${instance.name} had not exited 20 s after SIGTERM (a request still open): killed`);
    }
    clearTimeout(watchdog);
    const poolerWatch = await watcher?.stop();
    watcher = undefined;

    admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    admin.on('error', () => undefined);
    const checks = await check(admin, projectId, faults);
    if (poolerWatch) {
      checks.push({
        name: 'every app connection went through PgBouncer (transaction mode)',
        pass: poolerWatch.samples > 0 && poolerWatch.bypassing.size === 0,
        detail:
          `${poolerWatch.samples} samples (${poolerWatch.failedSamples} during the restart), ${poolerWatch.bypassing.size} backends not PgBouncer's; ` +
          `peak ${poolerWatch.peakServers} server connections for ${poolerWatch.peakClients} app connections (pool size ${POOLER_POOL_SIZE})`,
      });
    }
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM judgments j JOIN items i ON i.id = j."itemId" WHERE i."projectId" = $1`,
      [projectId],
    );
    const judgmentsInDb = rows[0]?.n ?? 0;
    const failed = checks.filter((c) => !c.pass).length;
    const report = {
      suite: 'reliability',
      setup: {
        size: values.size,
        labelers: nLabelers,
        seconds,
        items: nItems,
        overlap: OVERLAP,
        thinkMs: THINK_MS,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        instances: 2,
        seed: SEED,
        database: server ? 'embedded PostgreSQL (restarted once)' : 'DATABASE_URL',
        pooler: bouncer ? `PgBouncer, transaction mode, pool size ${POOLER_POOL_SIZE}` : 'none (direct connections)',
      },
      runSeconds: at(),
      wallSeconds: Math.round((Date.now() - started) / 1000),
      events,
      requests: { ...stats.requests, total: stats.requests.claim + stats.requests.submit },
      responses: stats.responses,
      errors: Object.fromEntries(Object.entries(stats.errors).sort()),
      retries: stats.retries,
      acknowledgedSubmits: acks.length,
      acknowledgedAfterRetry: acks.filter((a) => a.attempts > 1).length,
      serverReportedDuplicates: stats.serverDuplicates,
      resentSubmits: { sent: stats.resent, answeredDuplicate: stats.resentAnsweredDuplicate },
      judgmentsInDb,
      labelersOutOfItems: stats.labelersOutOfItems,
      checks,
      result: failed === 0 ? 'PASS' : 'FAIL',
    };
    if (values.json) {
      console.log(JSON.stringify(report));
    } else {
      const row = (name: string, value: string | number) => console.log(`  ${name.padEnd(44)} ${String(value)}`);
      console.log(
        `\nreliability (${values.size}): ${nLabelers} labelers × ${seconds} s, 2 app instances${bouncer ? ' through PgBouncer (transaction mode)' : ''}, ${nItems} items (overlap ${OVERLAP}), think ${THINK_MS.min}–${THINK_MS.max} ms`,
      );
      console.log('\nfaults');
      for (const e of events) row(`${e.atS} s into the run`, e.what);
      console.log('\nrequests');
      row('claim (POST …/tasks/next)', report.requests.claim);
      row('submit (POST …/assignments/{id}/submit)', report.requests.submit);
      row('total', report.requests.total);
      console.log('\nresponses by status class');
      for (const [k, v] of Object.entries(report.responses)) row(k, v);
      console.log('\nerrors by kind');
      for (const [k, v] of Object.entries(report.errors)) row(k, v);
      if (Object.keys(report.errors).length === 0) row('none', 0);
      console.log('\nretries and results');
      row('claim retries', report.retries.claim);
      row('submit retries (same assignment id)', report.retries.submit);
      row('acknowledged submits', report.acknowledgedSubmits);
      row('  of which after a retry', report.acknowledgedAfterRetry);
      row('  of which the server answered duplicate', report.serverReportedDuplicates);
      row('re-sent after acknowledgment (idempotency)', `${stats.resent} (answered duplicate: ${stats.resentAnsweredDuplicate})`);
      row('judgments in the database', report.judgmentsInDb);
      if (report.labelersOutOfItems) row('labelers who ran out of items', report.labelersOutOfItems);
      console.log('\ninvariants');
      for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name.padEnd(70)} ${c.detail}`);
      console.log(
        `\nreliability: ${report.result} (${checks.length - failed} of ${checks.length} checks passed; ${report.wallSeconds} s in all, setup and build included)`,
      );
    }
    return failed === 0 ? 0 : 1;
  } finally {
    stopLabelers();
    agent.destroy();
    for (const instance of instances) {
      instance.killedByUs = true;
      await stopChild(instance.app);
    }
    await admin?.end().catch(() => undefined);
    await watcher?.stop();
    await bouncer?.stop();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[reliability] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
