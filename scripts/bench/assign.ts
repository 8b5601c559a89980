/**
 * The labeler JSON API over real HTTP: the production build (scripts/serve.ts, as `npm start` runs it) against a scratch
 * database with a generated project; 100, then 200 simulated labelers each loop
 * claim → think → submit for a fixed time. Latency percentiles, throughput, errors by status, and
 * the over-fill / duplicate counts (must be 0). Baseline: the same loop with a bare one-statement
 * SQL claim and submit through `pg` (no HTTP, no session, no checks), same concurrency and pool size.
 *   --labelers 100,200   --seconds 30   --think-ms 1000-3000 (uniform; or one number)
 *   --saturate (no think time)   --items N (10000)   --pool N (DB_POOL_SIZE of the app, 10)   --json
 *   --profile DIR (the app runs under node --cpu-prof; open the .cpuprofile in Chrome DevTools)
 * Sessions are next-auth JWT cookies minted with the app's secret (next-auth/jwt encode), not 200
 * sign-ins through the rate-limited login; the app still re-reads each user on every request.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildIfNeeded } from '../lib/build';
import { findFreePort } from '../lib/embedded-postgres';
import { invariants, makeLabelers, makeProject, OVERLAP, post, RESPONSES, startApp, type Labeler } from '../lib/labeler-load';
import { cpuSeconds, percentiles as summary, round, scratchDatabase } from './harness';

const root = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * CPU milliseconds per completed task (claim + submit) spent in each process during a phase, and
 * the share of the machine's CPUs that other processes used meanwhile (0 on a quiet machine).
 */
function cpuPerTask(before: ReturnType<typeof cpuSeconds>, after: ReturnType<typeof cpuSeconds>, tasks: number, seconds: number) {
  const per = (a: number | null, b: number | null) => (a === null || b === null || tasks === 0 ? null : round(((b - a) * 1000) / tasks));
  const ours = [after.app, after.postgres].every((v) => v !== null)
    ? (after.app ?? 0) - (before.app ?? 0) + (after.postgres ?? 0) - (before.postgres ?? 0) + after.client - before.client
    : null;
  const others =
    ours === null || after.machine === null || before.machine === null ? null : Math.max(0, after.machine - before.machine - ours);
  return {
    app: per(before.app, after.app),
    postgres: per(before.postgres, after.postgres),
    client: per(before.client, after.client),
    otherLoadPct: others === null ? null : Math.round((others / (seconds * os.availableParallelism())) * 100),
  };
}
/**
 * CPU per task of the app path (app + PostgreSQL) beside the baseline's (bare SQL: PostgreSQL
 * only, there is no app), and their ratio (issue 23's target: at most 2×). Null off Linux.
 */
function cpuVsBaseline(app: { app: number | null; postgres: number | null }, bare: { postgres: number | null }) {
  if (app.app === null || app.postgres === null || bare.postgres === null) return null;
  const total = round(app.app + app.postgres);
  return {
    appMs: app.app,
    postgresMs: app.postgres,
    totalMs: total,
    baselinePostgresMs: bare.postgres,
    ratio: round(total / Math.max(bare.postgres, 0.01)),
  };
}

type Loop = { claimMs: number[]; submitMs: number[]; errors: Record<string, number>; exhausted: number };

/** Runs one loop per labeler until the deadline: claim, think, submit. */
export async function runLoops(
  labelers: Labeler[],
  seconds: number,
  think: () => number,
  step: {
    claim(l: Labeler): Promise<{ ok: boolean; status: string; task: { id: string; ranking: string[][] } | null }>;
    submit(l: Labeler, task: { id: string; ranking: string[][] }, thinkMs: number): Promise<{ ok: boolean; status: string }>;
  },
): Promise<Loop> {
  const out: Loop = { claimMs: [], submitMs: [], errors: {}, exhausted: 0 };
  const fail = (status: string) => (out.errors[status] = (out.errors[status] ?? 0) + 1);
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    labelers.map(async (labeler) => {
      await sleep(Math.random() * think()); // people do not all start in the same millisecond
      while (performance.now() < deadline) {
        let t = performance.now();
        const claimed = await step.claim(labeler);
        out.claimMs.push(performance.now() - t);
        if (!claimed.ok) {
          fail(claimed.status);
          await sleep(200);
          continue;
        }
        if (!claimed.task) {
          out.exhausted += 1;
          return;
        }
        const thinkMs = think();
        await sleep(thinkMs);
        if (performance.now() >= deadline) return;
        t = performance.now();
        const submitted = await step.submit(labeler, claimed.task, thinkMs);
        out.submitMs.push(performance.now() - t);
        if (!submitted.ok) fail(submitted.status);
      }
    }),
  );
  return out;
}

export function httpSteps(baseUrl: string, projectId: string, agent: http.Agent) {
  const call = (labeler: Labeler, url: string, body?: unknown) =>
    post(
      agent,
      `${baseUrl}${url}`,
      { cookie: labeler.cookie, origin: baseUrl, 'content-type': 'application/json' },
      body === undefined ? undefined : JSON.stringify(body),
    );
  return {
    async claim(labeler: Labeler) {
      const { status, json } = await call(labeler, `/api/v1/projects/${projectId}/tasks/next`);
      const task = json.task as { assignmentId: string; responses: { id: string }[] } | null | undefined;
      return { ok: status === '200', status, task: task ? { id: task.assignmentId, ranking: task.responses.map((r) => [r.id]) } : null };
    },
    async submit(labeler: Labeler, task: { id: string; ranking: string[][] }, thinkMs: number) {
      const { status } = await call(labeler, `/api/v1/projects/${projectId}/assignments/${task.id}/submit`, {
        ranking: task.ranking,
        allUnacceptable: false,
        ratings: [],
        promptFlags: [],
        durationMs: Math.round(thinkMs),
      });
      return { ok: status === '200', status };
    },
  };
}

/**
 * The claim in one statement: live assignment first; expired leases released; then the first open
 * item in the engine's order (gold at the gold rate, else fullest first, then priority and age),
 * its item_slots row locked SKIP LOCKED; its first free slot; a shuffled order. No per-labeler lock (each simulated
 * labeler claims one at a time), no expired-draft renewal. A slot taken between the statement's
 * snapshot and its lock shows up as a unique violation: retried.
 */
function bareClaimSql(preferGold: boolean): string {
  const stage = (gold: boolean) => `SELECT id FROM (SELECT s."itemId" AS id FROM item_slots s
      WHERE s."projectId" = $1 AND s."isGold" = ${gold} AND s.taken < $3
        AND NOT EXISTS (SELECT 1 FROM assignments m WHERE m."itemId" = s."itemId" AND m."userId" = $2 AND m.kind = 'RANK' AND m.status <> 'EXPIRED')
        AND NOT EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = s."itemId" AND r."authorId" = $2)
      ORDER BY s.taken DESC, s.priority DESC, s."createdAt" LIMIT 1 FOR UPDATE OF s SKIP LOCKED) s`;
  const ordered = preferGold ? [stage(true), stage(false)] : [stage(false), stage(true)];
  return `WITH released AS (
      UPDATE assignments SET status = 'EXPIRED', slot = NULL WHERE "projectId" = $1 AND status = 'ACTIVE' AND "leaseExpiresAt" < now() RETURNING id),
    live AS (SELECT id, "itemId", "shownOrder" FROM assignments WHERE "projectId" = $1 AND "userId" = $2 AND kind = 'RANK' AND status = 'ACTIVE' AND "leaseExpiresAt" >= now() LIMIT 1),
    pick AS (SELECT id FROM (${ordered.join(' UNION ALL ')}) p WHERE NOT EXISTS (SELECT 1 FROM live) LIMIT 1),
    slot AS (SELECT p.id AS "itemId", (SELECT s FROM generate_series(0, $3 - 1) s WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = p.id AND a.kind = 'RANK' AND a.slot = s) ORDER BY s LIMIT 1) AS slot FROM pick p),
    saved AS (
      INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot)
      SELECT $1, slot."itemId", $2, 'RANK', 'ACTIVE', now() + interval '60 minutes', ARRAY(SELECT r.id::text FROM responses r WHERE r."itemId" = slot."itemId" ORDER BY random()), 1, slot.slot
      FROM slot WHERE slot.slot IS NOT NULL
      ON CONFLICT ("itemId", "userId", kind) DO UPDATE SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot
      RETURNING id, "itemId", "shownOrder")
    SELECT id, "shownOrder" FROM live UNION ALL SELECT id, "shownOrder" FROM saved`;
}

const BARE_SUBMIT = `WITH done AS (
    UPDATE assignments SET status = 'SUBMITTED', "submittedAt" = now() WHERE id = $1 AND "userId" = $2 AND "projectId" = $3 AND status = 'ACTIVE'
    RETURNING id, "itemId", "taxonomyVersion")
  INSERT INTO judgments ("assignmentId", "itemId", "userId", ranking, "allUnacceptable", "promptFlags", "taxonomyVersion", "durationMs")
  SELECT done.id, done."itemId", $2, $4, false, '{}', done."taxonomyVersion", $5 FROM done
  ON CONFLICT ("assignmentId") DO NOTHING RETURNING id`;

function sqlSteps(pool: pg.Pool, projectId: string, goldRate: number) {
  return {
    async claim(labeler: Labeler) {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          const { rows } = await pool.query<{ id: string; shownOrder: string[] }>(bareClaimSql(Math.random() < goldRate), [
            projectId,
            labeler.id,
            OVERLAP,
          ]);
          const row = rows[0];
          return { ok: true, status: '200', task: row ? { id: row.id, ranking: row.shownOrder.map((r) => [r]) } : null };
        } catch (error) {
          if ((error as { code?: string }).code !== '23505') return { ok: false, status: 'sql error', task: null };
        }
      }
      return { ok: false, status: 'slot race x5', task: null };
    },
    async submit(labeler: Labeler, task: { id: string; ranking: string[][] }, thinkMs: number) {
      const { rowCount } = await pool.query(BARE_SUBMIT, [
        task.id,
        labeler.id,
        projectId,
        JSON.stringify(task.ranking),
        Math.round(thinkMs),
      ]);
      return { ok: rowCount === 1, status: rowCount === 1 ? '200' : 'not submitted' };
    },
  };
}

function parseThink(value: string, saturate: boolean): { min: number; max: number } {
  if (saturate) return { min: 0, max: 0 };
  const [a, b] = value.split('-').map(Number);
  if (a === undefined || !Number.isFinite(a) || (b !== undefined && !Number.isFinite(b)))
    throw new Error(`--think-ms takes N or MIN-MAX milliseconds (got "${value}")`);
  return { min: a, max: b ?? a };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      saturate: { type: 'boolean', default: false },
      items: { type: 'string', default: '10000' },
      labelers: { type: 'string', default: '100,200' },
      seconds: { type: 'string', default: '30' },
      'think-ms': { type: 'string', default: '1000-3000' },
      pool: { type: 'string', default: '10' },
      profile: { type: 'string' },
    },
  });
  const levels = values.labelers.split(',').map(Number);
  const nItems = Number(values.items);
  const seconds = Number(values.seconds);
  const poolSize = Number(values.pool);
  const think = parseThink(values['think-ms'], values.saturate);
  const thinkMs = () => think.min + Math.random() * (think.max - think.min);
  const meanThinkS = (think.min + think.max) / 2000;
  const say = (line: string) => values.json || console.error(`[bench] ${line}`);

  const db = await scratchDatabase('assign');
  const database = new URL(db.databaseUrl).pathname.slice(1);
  const secret = randomBytes(32).toString('hex');
  const admin = new pg.Pool({ connectionString: db.databaseUrl, max: 4 });
  // A connection still closing when the scratch server stops must not crash the report.
  admin.on('error', () => undefined);
  let app: ChildProcess | undefined;
  try {
    say('generating accounts and projects');
    const maxLabelers = Math.max(...levels);
    const labelers = await makeLabelers(admin, maxLabelers, secret);
    const userIds = labelers.map((u) => u.id);
    const warmupProject = await makeProject(admin, 'warmup', 200, userIds);
    const projects = [];
    for (const n of levels)
      projects.push({
        n,
        app: await makeProject(admin, `app-${n}`, nItems, userIds),
        bare: await makeProject(admin, `bare-${n}`, nItems, userIds),
      });
    await admin.query('ANALYZE');

    buildIfNeeded({ root, log: say });
    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const started = await startApp(
      {
        DATABASE_URL: db.databaseUrl,
        NEXTAUTH_SECRET: secret,
        NEXTAUTH_URL: baseUrl,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        LOG_LEVEL: 'warn',
        DB_POOL_SIZE: String(poolSize),
      },
      port,
      values.profile,
    );
    app = started.app;
    say('warming up (route code, connection pools)');
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    await runLoops(labelers.slice(0, 20), 3, () => 50, httpSteps(baseUrl, warmupProject, agent));

    const bare = new pg.Pool({ connectionString: db.databaseUrl, max: poolSize });
    bare.on('error', () => undefined);
    const results = [];
    // With --profile: when each HTTP phase ran (microseconds of the monotonic clock V8's profile uses) and its requests,
    // so scripts/bench/profile-summary.ts can cut the profile to those phases and divide by requests.
    const phases: { labelers: number; startUs: number; endUs: number; claims: number; submits: number; appCpuMs: number | null }[] = [];
    const nowUs = () => Number(process.hrtime.bigint() / 1000n);
    try {
      for (const level of projects) {
        const group = labelers.slice(0, level.n);
        say(`${level.n} labelers through HTTP for ${seconds} s`);
        const loadBefore = round(os.loadavg()[0] ?? 0);
        const cpu0 = cpuSeconds(app.pid, database);
        const startUs = nowUs();
        const http = await runLoops(group, seconds, thinkMs, httpSteps(baseUrl, level.app, agent));
        const endUs = nowUs();
        const cpu1 = cpuSeconds(app.pid, database);
        const appCpuMs = cpu0.app === null || cpu1.app === null ? null : Math.round((cpu1.app - cpu0.app) * 1000);
        phases.push({ labelers: level.n, startUs, endUs, claims: http.claimMs.length, submits: http.submitMs.length, appCpuMs });
        say(`${level.n} labelers through bare SQL for ${seconds} s`);
        const sql = await runLoops(group, seconds, thinkMs, sqlSteps(bare, level.bare, 0.1));
        const cpu2 = cpuSeconds(app.pid, database);
        const claim = summary(http.claimMs);
        const submit = summary(http.submitMs);
        const bareClaim = summary(sql.claimMs);
        const bareSubmit = summary(sql.submitMs);
        const appCpu = cpuPerTask(cpu0, cpu1, http.submitMs.length, seconds);
        const bareCpu = cpuPerTask(cpu1, cpu2, sql.submitMs.length, seconds);
        results.push({
          labelers: level.n,
          offeredTasksPerSec: values.saturate ? null : round(level.n / meanThinkS),
          requests: http.claimMs.length + http.submitMs.length,
          throughputSubmitsPerSec: round(http.submitMs.length / seconds),
          claim,
          submit,
          errorsByStatus: http.errors,
          projectExhausted: http.exhausted,
          cpuMsPerTask: appCpu,
          cpuVsBaseline: cpuVsBaseline(appCpu, bareCpu),
          // The machine's 1-minute load average before the HTTP phase and after the bare-SQL one.
          loadAverage: { before: loadBefore, after: round(os.loadavg()[0] ?? 0) },
          invariants: await invariants(admin, level.app),
          baseline: {
            bareSqlClaim: bareClaim,
            bareSqlSubmit: bareSubmit,
            throughputSubmitsPerSec: round(sql.submitMs.length / seconds),
            errors: sql.errors,
            cpuMsPerTask: bareCpu,
            invariants: await invariants(admin, level.bare),
          },
          ratioP95: {
            claim: round(claim.p95Ms / Math.max(bareClaim.p95Ms, 0.01)),
            submit: round(submit.p95Ms / Math.max(bareSubmit.p95Ms, 0.01)),
          },
        });
      }
    } finally {
      await bare.end();
    }
    if (values.profile) fs.writeFileSync(path.join(values.profile, 'phases.json'), JSON.stringify(phases));
    const serverErrors = started.stderr().trim();

    const setup = {
      items: nItems,
      responsesPerItem: RESPONSES.length,
      overlap: OVERLAP,
      seconds,
      thinkMs: values.saturate ? 0 : think,
      appPoolSize: poolSize,
      sessions: 'next-auth JWT cookies minted with the app secret; user re-read per request',
    };
    if (values.json) {
      console.log(JSON.stringify({ benchmark: 'assign', mode: values.saturate ? 'saturate' : 'think', setup, levels: results }));
      return;
    }
    const mode = values.saturate ? 'no think time (saturation)' : `think ${think.min}–${think.max} ms`;
    for (const r of results) {
      console.log(
        `\nassign (HTTP, npm start's server): ${r.labelers} labelers for ${seconds} s, ${mode}, on ${nItems.toLocaleString('en')} items (overlap ${OVERLAP}), app pool ${poolSize}`,
      );
      if (r.offeredTasksPerSec !== null)
        console.log(
          `offered load ≈ ${r.offeredTasksPerSec} tasks/s (${round(2 * r.offeredTasksPerSec)} requests/s): labelers ÷ mean think time`,
        );
      console.log(
        `\n${'measurement'.padEnd(40)} ${'count'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  baseline`,
      );
      const line = (name: string, s: { count: number; p50Ms: number; p95Ms: number; p99Ms: number }, baseline = '') =>
        console.log(
          `${name.padEnd(40)} ${String(s.count).padStart(7)} ${String(s.p50Ms).padStart(8)} ${String(s.p95Ms).padStart(8)} ${String(s.p99Ms).padStart(8)}  ${baseline}`,
        );
      line('POST …/tasks/next (claim)', r.claim, `bare SQL p95 ${r.baseline.bareSqlClaim.p95Ms} ms (${r.ratioP95.claim}×)`);
      line('POST …/assignments/{id}/submit', r.submit, `bare SQL p95 ${r.baseline.bareSqlSubmit.p95Ms} ms (${r.ratioP95.submit}×)`);
      line('baseline: bare SQL claim (1 statement)', r.baseline.bareSqlClaim);
      line('baseline: bare SQL submit (1 statement)', r.baseline.bareSqlSubmit);
      const errors =
        Object.entries(r.errorsByStatus)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ') || 'none';
      console.log(
        `\nthroughput ${r.throughputSubmitsPerSec} submits/s (baseline ${r.baseline.throughputSubmitsPerSec}) · ${r.requests} requests · errors ${errors}` +
          ` · over-filled items ${r.invariants.overfilledItems} · labeler twice on an item ${r.invariants.duplicateLabelerItem}` +
          ` (baseline ${r.baseline.invariants.overfilledItems}/${r.baseline.invariants.duplicateLabelerItem})${r.projectExhausted ? ` · ${r.projectExhausted} labelers ran out of items` : ''}`,
      );
      const cpu = (c: { app: number | null; postgres: number | null; client: number | null }) =>
        `app ${c.app ?? '–'} · PostgreSQL ${c.postgres ?? '–'} · client ${c.client ?? '–'}`;
      console.log(`CPU ms per task: ${cpu(r.cpuMsPerTask)} (baseline: ${cpu(r.baseline.cpuMsPerTask)})`);
      const v = r.cpuVsBaseline;
      if (v) {
        console.log(
          `\n${'CPU ms per task (claim + submit)'.padEnd(40)} ${'app'.padStart(7)} ${'PG'.padStart(8)} ${'app+PG'.padStart(8)}  baseline`,
        );
        console.log(
          `${'HTTP (app + PostgreSQL)'.padEnd(40)} ${String(v.appMs).padStart(7)} ${String(v.postgresMs).padStart(8)} ${String(v.totalMs).padStart(8)}  bare SQL PostgreSQL ${v.baselinePostgresMs} ms (${v.ratio}×)`,
        );
      }
      console.log(`load average (1 min) ${r.loadAverage.before} → ${r.loadAverage.after} on ${os.availableParallelism()} CPUs`);
      const other = [r.cpuMsPerTask.otherLoadPct, r.baseline.cpuMsPerTask.otherLoadPct];
      if (other.some((v) => v !== null && v >= 10))
        console.log(`warning: other processes used ${other[0]}% / ${other[1]}% of the CPUs during these runs; the figures are disturbed`);
    }
    console.log(`\nsessions: ${setup.sessions}; client, app and PostgreSQL share this machine's CPUs.`);
    if (serverErrors) console.log(`\nserver stderr (last lines):\n${serverErrors.split('\n').slice(-10).join('\n')}`);
  } finally {
    if (app && app.exitCode === null) {
      const exited = new Promise((r) => app?.once('exit', r));
      app.kill('SIGTERM');
      await exited;
    }
    await admin.end();
    await db.close();
  }
}
