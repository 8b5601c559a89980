/**
 * `npm run bench -- arena [--sessions 100] [--tokens 200] [--token-delay-ms 5] [--json]` (issue 26):
 * `sessions` chat streams at once against the local Chat Completions server
 * (tests/helpers/chat-server.ts in a process of its own, streaming `tokens` tokens `token-delay-ms`
 * apart), read with streamChatCompletion two ways, back to back:
 * - straight from the server (the baseline);
 * - through the app: the streams relayed by scripts/bench/arena-relay.ts, a process that does per
 *   token what the chat route does (streamChatCompletion upstream, an SSE chunk per delta to the
 *   caller, one batched UPDATE of the stream's row in PostgreSQL every ~50 ms). It is not the Next.js
 *   route itself (that belongs to the chat task): no session check, no lease, no Next.js overhead.
 * Figures: time to first token and to the whole answer (p50, p95) both ways, and the app's CPU per
 * streamed token (the relay process's CPU time over the run ÷ tokens relayed), with PostgreSQL's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { percentiles, readProcesses, round, scratchDatabase } from './harness';

const root = path.resolve(import.meta.dirname, '../..');

function startChild(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const url = /listening (\S+)/.exec(chunk.toString())?.[1];
      if (url) resolve({ url, child });
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited (${code})`)));
  });
}

function postgresCpuSeconds(database: string): number | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const procs = readProcesses();
  const postmaster = procs.find((p) => p.cmdline.startsWith('postgres: ') && p.cmdline.includes(` ${database} `))?.ppid;
  if (!postmaster) return null;
  return procs.reduce((sum, p) => sum + (p.pid === postmaster ? p.seconds + p.reaped : p.ppid === postmaster ? p.seconds : 0), 0);
}

async function timingsOf(relayUrl: string): Promise<{ insertMs: number; firstTokenMs: number }[]> {
  return (await (await fetch(relayUrl.replace(/\/v1$/, '/__timings'))).json()) as { insertMs: number; firstTokenMs: number }[];
}

async function cpuOf(relayUrl: string): Promise<number> {
  const response = await fetch(relayUrl.replace(/\/v1$/, '/__cpu'));
  const { user, system } = (await response.json()) as { user: number; system: number };
  return (user + system) / 1e6;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sessions: { type: 'string', default: '100' },
      tokens: { type: 'string', default: '200' },
      'token-delay-ms': { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
    },
  });
  const sessions = Number(values.sessions);
  const tokens = Number(values.tokens);
  const tokenDelayMs = Number(values['token-delay-ms']);
  const db = await scratchDatabase('arena');
  process.env.LOG_LEVEL ??= 'error';
  const database = new URL(db.databaseUrl).pathname.slice(1);
  const children: ChildProcess[] = [];
  try {
    const { streamChatCompletion } = await import('../../lib/models/stream-chat-completion');
    const { getPgPool } = await import('../../lib/db');
    await getPgPool().query('CREATE TABLE bench_arena_streams (id int PRIMARY KEY, text text NOT NULL, tokens int NOT NULL)');
    const server = await startChild([
      'tests/helpers/chat-server.ts',
      '--port',
      '0',
      '--stream-tokens',
      String(tokens),
      '--token-delay-ms',
      String(tokenDelayMs),
    ]);
    children.push(server.child);
    const relay = await startChild(['scripts/bench/arena-relay.ts', server.url]);
    children.push(relay.child);

    /** `sessions` streams at once; per stream the time to its first token and to its end, and the tokens read. */
    const streams = async (baseUrl: string, label: string) => {
      const target = { baseUrl, model: 'bench', apiKey: null, timeoutMs: 60_000, allowPrivateHosts: true };
      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: sessions }, async (_, i) => {
          let count = 0;
          let firstMs = Number.NaN;
          const t0 = performance.now();
          for await (const event of streamChatCompletion(target, { messages: [{ role: 'user', content: `${label} session ${i}` }] })) {
            if (event.type === 'delta' && count++ === 0) firstMs = performance.now() - t0;
          }
          return { firstMs, totalMs: performance.now() - t0, count };
        }),
      );
      const wallSeconds = (performance.now() - started) / 1000;
      const short = results.filter((r) => r.count !== tokens).length;
      if (short > 0) throw new Error(`${label}: ${short} streams did not deliver ${tokens} tokens`);
      const first = percentiles(results.map((r) => r.firstMs));
      const total = percentiles(results.map((r) => r.totalMs));
      return {
        firstTokenMs: { p50: first.p50Ms, p95: first.p95Ms },
        completionMs: { p50: total.p50Ms, p95: total.p95Ms },
        wallSeconds: round(wallSeconds),
      };
    };

    // Warm up both paths (connections, JIT), then measure straight, then through the relay.
    await streams(server.url, 'warm-up direct');
    await streams(relay.url, 'warm-up app');
    const direct = await streams(server.url, 'direct');
    await timingsOf(relay.url);
    const cpu0 = await cpuOf(relay.url);
    const pg0 = postgresCpuSeconds(database);
    const app = await streams(relay.url, 'app');
    const cpu1 = await cpuOf(relay.url);
    const inside = await timingsOf(relay.url);
    const insert = percentiles(inside.map((t) => t.insertMs));
    const upstreamFirst = percentiles(inside.map((t) => t.firstTokenMs));
    const pg1 = postgresCpuSeconds(database);
    const relayed = sessions * tokens;
    const { rows } = await getPgPool().query<{ streams: number; tokens: number }>(
      'SELECT count(*)::int AS streams, sum(tokens)::int AS tokens FROM bench_arena_streams',
    );
    // Every relayed token reached the database (the warm-up's and the measured run's).
    if (rows[0]!.tokens !== 2 * relayed) throw new Error(`stored ${rows[0]!.tokens} tokens, expected ${2 * relayed}`);
    const result = {
      sessions,
      tokensPerStream: tokens,
      tokenDelayMs,
      load: fs.existsSync('/proc/loadavg') ? fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : null,
      app: 'scripts/bench/arena-relay.ts: streamChatCompletion upstream, an SSE chunk per token, a batched UPDATE per stream every ~50 ms (not the Next.js route)',
      direct,
      throughApp: app,
      /** Inside the app, from the request's arrival: its row inserted, and the first token from upstream. */
      insideApp: {
        insertMs: { p50: insert.p50Ms, p95: insert.p95Ms },
        upstreamFirstTokenMs: { p50: upstreamFirst.p50Ms, p95: upstreamFirst.p95Ms },
      },
      overhead: {
        firstTokenP50Ms: round(app.firstTokenMs.p50 - direct.firstTokenMs.p50),
        firstTokenP95Ms: round(app.firstTokenMs.p95 - direct.firstTokenMs.p95),
        completionP50Ms: round(app.completionMs.p50 - direct.completionMs.p50),
        completionP95Ms: round(app.completionMs.p95 - direct.completionMs.p95),
      },
      appCpuPerTokenUs: round(((cpu1 - cpu0) * 1e6) / relayed),
      appCpuSeconds: round(cpu1 - cpu0),
      postgresCpuPerTokenUs: pg0 === null || pg1 === null ? null : round(((pg1 - pg0) * 1e6) / relayed),
      storedStreams: rows[0]!.streams,
    };
    if (values.json) return void console.log(JSON.stringify(result));
    console.log(
      `\nArena streaming: ${sessions} concurrent chat streams × ${tokens} tokens, ${tokenDelayMs} ms per token, load ${result.load}\n` +
        `"app" = ${result.app}\n`,
    );
    console.log(`${'measurement'.padEnd(34)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)}`);
    const line = (name: string, f: { p50: number; p95: number }) =>
      console.log(`${name.padEnd(34)} ${String(f.p50).padStart(9)} ${String(f.p95).padStart(9)}`);
    line('time to first token, through app', app.firstTokenMs);
    line('time to first token, direct', direct.firstTokenMs);
    line('whole answer, through app', app.completionMs);
    line('whole answer, direct', direct.completionMs);
    line('inside the app: row inserted', result.insideApp.insertMs);
    line('inside the app: first upstream token', result.insideApp.upstreamFirstTokenMs);
    console.log(
      `\napp CPU per streamed token: ${result.appCpuPerTokenUs} µs (${result.appCpuSeconds} s for ${relayed} tokens); ` +
        `PostgreSQL CPU per token: ${result.postgresCpuPerTokenUs ?? '—'} µs; ${result.storedStreams} stream rows stored`,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    const { getPgPool } = await import('../../lib/db');
    await getPgPool()
      .end()
      .catch(() => undefined);
    await db.close();
  }
}
