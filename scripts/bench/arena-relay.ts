/**
 * The "app" of `npm run bench -- arena` (issue 26), in a process of its own so its CPU can be read:
 * a node:http server that does per streamed token what the chat route does, until the bench is
 * pointed at the real route. POST /v1/chat/completions: opens the upstream stream with
 * streamChatCompletion (the app's client), relays each delta to the caller as a Chat Completions SSE
 * chunk as it arrives, and stores the text so far with one batched UPDATE of a scratch table per
 * stream every ~50 ms (and a last one at the end), as a route that keeps the finished part of an
 * answer across restarts would. GET /__cpu: this process's CPU time (µs). GET /__timings: per stream
 * since the last call, the time from the request to its row inserted and to the first upstream token.
 *
 * Run by scripts/bench/arena.ts: `node --import tsx scripts/bench/arena-relay.ts <upstream base URL>`
 * with DATABASE_URL set; prints `listening <base URL>`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getPgPool } from '../../lib/db';
import { streamChatCompletion } from '../../lib/models/stream-chat-completion';

const FLUSH_MS = 50;
const upstream = process.argv[2]!;
let nextId = 0;
let timings: { insertMs: number; firstTokenMs: number }[] = [];

async function relay(res: http.ServerResponse, body: { model: string; messages: never[] }) {
  const pool = getPgPool();
  const id = ++nextId;
  const t0 = performance.now();
  await pool.query('INSERT INTO bench_arena_streams (id, text, tokens) VALUES ($1, $2, 0)', [id, '']);
  const timing = { insertMs: performance.now() - t0, firstTokenMs: Number.NaN };
  timings.push(timing);
  const target = { baseUrl: upstream, model: body.model, apiKey: null, timeoutMs: 60_000, allowPrivateHosts: true };
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let pending = '';
  let pendingTokens = 0;
  let lastFlush = performance.now();
  let writing: Promise<unknown> = Promise.resolve();
  const flush = () => {
    if (pendingTokens === 0) return writing;
    const [text, tokens] = [pending, pendingTokens];
    pending = '';
    pendingTokens = 0;
    lastFlush = performance.now();
    // One stream's writes stay in order: each waits for the one before.
    writing = writing.then(() =>
      pool.query('UPDATE bench_arena_streams SET text = text || $2, tokens = tokens + $3 WHERE id = $1', [id, text, tokens]),
    );
    return writing;
  };
  const chunk = (payload: object) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
  try {
    for await (const event of streamChatCompletion(target, { messages: body.messages, signal: controller.signal })) {
      if (event.type === 'delta') {
        if (Number.isNaN(timing.firstTokenMs)) timing.firstTokenMs = performance.now() - t0;
        chunk({
          object: 'chat.completion.chunk',
          model: body.model,
          choices: [{ index: 0, delta: { content: event.text }, finish_reason: null }],
        });
        pending += event.text;
        pendingTokens += 1;
        if (performance.now() - lastFlush >= FLUSH_MS) void flush();
      } else {
        await flush();
        chunk({
          object: 'chat.completion.chunk',
          model: body.model,
          choices: [{ index: 0, delta: {}, finish_reason: event.finishReason }],
        });
        res.end('data: [DONE]\n\n');
      }
    }
  } catch (error) {
    res.destroy(error as Error);
  }
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/__cpu') {
    const { user, system } = process.cpuUsage();
    return void res.end(JSON.stringify({ user, system }));
  }
  if (req.method === 'GET' && req.url === '/__timings') {
    res.end(JSON.stringify(timings));
    return void (timings = []);
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => void relay(res, JSON.parse(Buffer.concat(chunks).toString('utf8'))));
});
server.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`));
process.on('SIGTERM', () => {
  server.close();
  void getPgPool()
    .end()
    .finally(() => process.exit(0));
});
