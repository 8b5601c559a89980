/**
 * `npm run bench -- arena [--sessions 100] [--tokens 200] [--token-delay-ms 5] [--pool 10] [--json]` (issue 26):
 * the chat task's streaming route through the real app. The production build (`next start`, as the
 * assign benchmark starts it: scripts/lib/labeler-load.ts) against a scratch database with a project
 * whose task mix is chat only and whose battles are between two model connections to the local Chat
 * Completions server (tests/helpers/chat-server.ts in a process of its own, streaming `tokens` tokens
 * `token-delay-ms` apart). `sessions` labelers (next-auth cookies minted with the app's secret) each
 * hold a chat task; all at once, each POSTs a prompt to /label/{projectId}/chat-stream and reads the
 * JSON lines (lib/chat/serve-chat-stream.ts: start, a delta per token per side, an end per side).
 * Baseline, back to back: the same requests straight to the server (two streams per session, one per
 * side, read with the app's own client streamChatCompletion). Figures: time to the first token of
 * either side and to the whole answer (both sides ended), p50 and p95, both ways; the app's and
 * PostgreSQL's CPU per streamed token (from /proc, scripts/bench/harness.ts cpuSeconds). Every
 * session must end with both sides DONE and every token delivered, or the run fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildIfNeeded } from '../lib/build';
import { findFreePort } from '../lib/embedded-postgres';
import { makeLabelers, startApp, type Labeler } from '../lib/labeler-load';
import { cpuSeconds, percentiles, round, scratchDatabase } from './harness';

const root = path.resolve(import.meta.dirname, '../..');
const SIDES = 2;
/** Labelers of the warm-up round (their own tasks: a conversation's next prompt waits for a vote). */
const WARM_UP = 10;

function startChatServer(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/chat-server.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const url = /listening (\S+)/.exec(chunk.toString())?.[1];
      if (url) resolve({ url, child });
    });
    child.once('exit', (code) => reject(new Error(`the chat server exited (${code})`)));
  });
}

/** `startMs`: through the app, the time to the stream's first line (the turn and its samples stored, before any model call). */
type Session = { startMs: number; firstMs: number; totalMs: number; tokens: number; ended: string[] };

/** One prompt through the app's chat-stream route: the time to the first delta of any side, to the end of the body, tokens and end statuses. */
function throughApp(agent: http.Agent, baseUrl: string, projectId: string, labeler: Labeler & { assignmentId: string }, prompt: string) {
  return new Promise<Session>((resolve, reject) => {
    const body = JSON.stringify({ action: 'send', assignmentId: labeler.assignmentId, prompt, confirmPersonalData: false });
    const t0 = performance.now();
    const out: Session = { startMs: Number.NaN, firstMs: Number.NaN, totalMs: 0, tokens: 0, ended: [] };
    const req = http.request(
      `${baseUrl}/label/${projectId}/chat-stream`,
      {
        method: 'POST',
        agent,
        headers: {
          cookie: labeler.cookie,
          origin: baseUrl,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) {
            if (!line.trim()) continue;
            const event = JSON.parse(line) as { type: string; status?: string; error?: string };
            if (event.type === 'start') out.startMs = performance.now() - t0;
            if (event.type === 'delta' && out.tokens++ === 0) out.firstMs = performance.now() - t0;
            if (event.type === 'end') out.ended.push(event.status ?? '?');
          }
        });
        res.on('end', () => {
          out.totalMs = performance.now() - t0;
          if (res.statusCode !== 200) reject(new Error(`chat-stream answered ${res.statusCode}: ${buffer}`));
          else resolve(out);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function summary(label: string, results: Session[], tokensPerSession: number) {
  const short = results.filter((r) => r.tokens !== tokensPerSession || r.ended.some((s) => s !== 'DONE')).length;
  if (short > 0) {
    const example = results.find((r) => r.tokens !== tokensPerSession || r.ended.some((s) => s !== 'DONE'));
    throw new Error(
      `${label}: ${short} sessions did not end with ${tokensPerSession} tokens, every side DONE (e.g. ${JSON.stringify(example)})`,
    );
  }
  const first = percentiles(results.map((r) => r.firstMs));
  const total = percentiles(results.map((r) => r.totalMs));
  const stored = percentiles(results.map((r) => r.startMs).filter((v) => !Number.isNaN(v)));
  return {
    firstTokenMs: { p50: first.p50Ms, p95: first.p95Ms },
    completionMs: { p50: total.p50Ms, p95: total.p95Ms },
    ...(stored.count > 0 ? { turnStoredMs: { p50: stored.p50Ms, p95: stored.p95Ms } } : {}),
  };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sessions: { type: 'string', default: '100' },
      tokens: { type: 'string', default: '200' },
      'token-delay-ms': { type: 'string', default: '5' },
      pool: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
  });
  const sessions = Number(values.sessions);
  const tokens = Number(values.tokens);
  const tokenDelayMs = Number(values['token-delay-ms']);
  const poolSize = Number(values.pool);
  const say = (line: string) => values.json || console.error(`[bench] ${line}`);
  const db = await scratchDatabase('arena');
  process.env.LOG_LEVEL ??= 'error';
  process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true'; // the local chat server listens on loopback
  const database = new URL(db.databaseUrl).pathname.slice(1);
  const secret = randomBytes(32).toString('hex');
  const admin = new pg.Pool({ connectionString: db.databaseUrl, max: 4 });
  admin.on('error', () => undefined);
  const children: ChildProcess[] = [];
  let app: ChildProcess | undefined;
  try {
    const { streamChatCompletion } = await import('../../lib/models/stream-chat-completion');
    const { buildModelConnection, insertMemberships, insertProject } = await import('../../lib/builders');
    const { claimMixedTask } = await import('../../lib/tasks/claim-next');
    const server = await startChatServer(['--port', '0', '--stream-tokens', String(tokens), '--token-delay-ms', String(tokenDelayMs)]);
    children.push(server.child);

    say(`${sessions + WARM_UP} labelers, a chat project with two connections to ${server.url}`);
    // Wide connection limits and rate limit: the benchmark measures streaming, not the limits.
    const connections = await Promise.all(
      ['alpha', 'beta'].map((model) => buildModelConnection({ projectId: null, baseUrl: server.url, model, maxConcurrency: 10_000 })),
    );
    const labelers = await makeLabelers(admin, sessions + WARM_UP, secret);
    const projectId = await insertProject({
      pool: admin,
      name: 'arena',
      settings: {
        taskMix: { rank: 0, chat: 1 },
        chat: { connections: connections.map((c) => ({ connectionId: c.id })), callsPerMinute: 10_000 },
      },
    });
    await insertMemberships({ pool: admin, projectId, userIds: labelers.map((l) => l.id) });
    const holders: (Labeler & { assignmentId: string })[] = [];
    for (const labeler of labelers) {
      const claimed = await claimMixedTask({ projectId, userId: labeler.id });
      if (!claimed) throw new Error('a labeler got no chat task');
      holders.push({ ...labeler, assignmentId: claimed.assignmentId });
    }
    const warm = holders.slice(0, WARM_UP);
    const measured = holders.slice(WARM_UP);

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
        MODEL_ALLOW_PRIVATE_HOSTS: 'true',
      },
      port,
    );
    app = started.app;
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

    /** The same requests straight to the chat server: per session one stream per side, at once. */
    const target = { baseUrl: server.url, model: 'alpha', apiKey: null, timeoutMs: 60_000, allowPrivateHosts: true };
    const direct = async (prompt: string): Promise<Session> => {
      const t0 = performance.now();
      const out: Session = { startMs: Number.NaN, firstMs: Number.NaN, totalMs: 0, tokens: 0, ended: [] };
      await Promise.all(
        Array.from({ length: SIDES }, async () => {
          let done = false;
          for await (const event of streamChatCompletion(target, { messages: [{ role: 'user', content: prompt }] })) {
            if (event.type === 'delta' && out.tokens++ === 0) out.firstMs = performance.now() - t0;
            if (event.type === 'done') done = true;
          }
          out.ended.push(done ? 'DONE' : 'CUT');
        }),
      );
      out.totalMs = performance.now() - t0;
      return out;
    };
    const prompt = (i: number) => `Arena session ${i}: which is heavier, a kilogram of feathers or a kilogram of iron?`;

    say(`warming up (${WARM_UP} sessions both ways)`);
    await Promise.all(warm.map((l, i) => throughApp(agent, baseUrl, projectId, l, prompt(i))));
    await Promise.all(warm.map((_, i) => direct(prompt(i))));

    say(`${sessions} sessions straight to the chat server`);
    const loadBefore = fs.existsSync('/proc/loadavg') ? fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : null;
    const d0 = cpuSeconds(app.pid, database);
    const straight = await Promise.all(measured.map((_, i) => direct(prompt(i))));
    const d1 = cpuSeconds(app.pid, database);
    say(`${sessions} sessions through the app`);
    const a0 = cpuSeconds(app.pid, database);
    const wall0 = performance.now();
    const viaApp = await Promise.all(measured.map((l, i) => throughApp(agent, baseUrl, projectId, l, prompt(i))));
    const wallSeconds = (performance.now() - wall0) / 1000;
    const a1 = cpuSeconds(app.pid, database);
    agent.destroy();

    const perSession = SIDES * tokens;
    const streamed = sessions * perSession;
    const appFigures = summary('through the app', viaApp, perSession);
    const directFigures = summary('straight', straight, perSession);
    // Every answer stored whole: each measured session's two samples DONE with text.
    const { rows } = await admin.query<{ done: number }>(
      `SELECT count(*)::int AS done FROM chat_samples s JOIN chat_turns t ON t.id = s."turnId" JOIN chat_conversations c ON c.id = t."conversationId"
       WHERE c."assignmentId" = ANY($1::uuid[]) AND s.status = 'DONE' AND length(s.text) > 0`,
      [measured.map((l) => l.assignmentId)],
    );
    if (rows[0]?.done !== sessions * SIDES) throw new Error(`stored ${rows[0]?.done} finished samples, expected ${sessions * SIDES}`);
    const perToken = (a: number | null, b: number | null) => (a === null || b === null ? null : round(((b - a) * 1e6) / streamed));
    const result = {
      sessions,
      sides: SIDES,
      tokensPerSide: tokens,
      tokenDelayMs,
      appPoolSize: poolSize,
      load: {
        before: loadBefore,
        after: fs.existsSync('/proc/loadavg') ? fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : null,
      },
      app: "npm start's server (production build): POST /label/{projectId}/chat-stream, session cookie, stored turn and samples, JSON lines",
      throughApp: { ...appFigures, wallSeconds: round(wallSeconds) },
      direct: directFigures,
      overhead: {
        firstTokenP50Ms: round(appFigures.firstTokenMs.p50 - directFigures.firstTokenMs.p50),
        firstTokenP95Ms: round(appFigures.firstTokenMs.p95 - directFigures.firstTokenMs.p95),
        completionP50Ms: round(appFigures.completionMs.p50 - directFigures.completionMs.p50),
        completionP95Ms: round(appFigures.completionMs.p95 - directFigures.completionMs.p95),
      },
      /** CPU per streamed token (µs): the app's process tree and PostgreSQL, through the app; PostgreSQL's during the straight run (idle baseline). */
      cpuPerTokenUs: {
        app: perToken(a0.app, a1.app),
        postgres: perToken(a0.postgres, a1.postgres),
        appIdleDuringStraight: perToken(d0.app, d1.app),
        postgresIdleDuringStraight: perToken(d0.postgres, d1.postgres),
      },
      cpuSeconds: {
        app: a0.app === null || a1.app === null ? null : round(a1.app - a0.app),
        postgres: a0.postgres === null || a1.postgres === null ? null : round(a1.postgres - a0.postgres),
      },
      storedSamplesDone: rows[0]?.done,
      serverErrors: started.stderr().trim().split('\n').slice(-10).join('\n'),
    };
    if (values.json) return void console.log(JSON.stringify(result));
    console.log(
      `\nArena through the app: ${sessions} concurrent prompts × ${SIDES} sides × ${tokens} tokens, ${tokenDelayMs} ms per token, ` +
        `app pool ${poolSize}; load ${result.load.before} → ${result.load.after}\n"app" = ${result.app}\n`,
    );
    console.log(`${'measurement'.padEnd(40)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)}  baseline (straight to the server)`);
    const line = (name: string, f: { p50: number; p95: number }, base: { p50: number; p95: number }) =>
      console.log(
        `${name.padEnd(40)} ${String(f.p50).padStart(9)} ${String(f.p95).padStart(9)}  p50 ${base.p50} · p95 ${base.p95} (+${round(f.p50 - base.p50)} / +${round(f.p95 - base.p95)} ms)`,
      );
    line('time to first token, through the app', appFigures.firstTokenMs, directFigures.firstTokenMs);
    line('whole answer (both sides), through app', appFigures.completionMs, directFigures.completionMs);
    if (appFigures.turnStoredMs)
      console.log(
        `${'  of which: turn stored (first line)'.padEnd(40)} ${String(appFigures.turnStoredMs.p50).padStart(9)} ${String(appFigures.turnStoredMs.p95).padStart(9)}`,
      );
    const c = result.cpuPerTokenUs;
    console.log(
      `\nCPU per streamed token (${streamed} tokens): app ${c.app ?? '–'} µs · PostgreSQL ${c.postgres ?? '–'} µs ` +
        `(while the same tokens came straight from the server: app ${c.appIdleDuringStraight ?? '–'} µs · PostgreSQL ${c.postgresIdleDuringStraight ?? '–'} µs)`,
    );
    console.log(`${result.storedSamplesDone} samples stored DONE; client, app, PostgreSQL and the chat server share this machine's CPUs.`);
    if (result.serverErrors) console.log(`\nserver stderr (last lines):\n${result.serverErrors}`);
  } finally {
    if (app && app.exitCode === null) {
      const exited = new Promise((r) => app?.once('exit', r));
      app.kill('SIGTERM');
      await exited;
    }
    for (const child of children) child.kill('SIGTERM');
    await admin.end();
    const { getPgPool } = await import('../../lib/db');
    await getPgPool()
      .end()
      .catch(() => undefined);
    await db.close();
  }
}
