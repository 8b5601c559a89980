import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small deterministic server speaking the OpenAI Chat Completions protocol (`POST
 * /v1/chat/completions`, `stream: false`), for tests and benchmarks (issue 24). Nothing here calls
 * another host. The answer is a function of the seed, the model, the messages and the request's
 * own `seed`/`temperature`, so a test can predict it (`expectedAnswer`).
 *
 * Faults on demand, two ways:
 * - a queue of scripted answers for the next requests: `POST /__control {"next": [{"status": 429,
 *   "retryAfter": "1"}, {"status": 500}, {"malformed": true}, {"delayMs": 3000}]}` (from another
 *   process, e.g. a test driving an app that runs in a child) or `server.script([...])` in-process;
 * - a marker in the last user message: `[[status:429 retry-after:2]]`, `[[status:500]]`,
 *   `[[malformed]]`, `[[delay:1500]]`, applied to every request carrying it.
 * `strictParams: true` answers 400 `Unrecognized request argument supplied: <name>` for any body
 * field outside the OpenAI names, as OpenAI does. `apiKey` set: 401 without `Authorization: Bearer
 * <apiKey>`. `GET /__stats` (and `server.stats()`) reports requests received, the most in flight
 * at once, and each request's arrival time, for concurrency and rate-limit tests.
 *
 * Streaming (issue 26): `stream: true` answers as server-sent events in OpenAI's shape: a role chunk,
 * one `chat.completion.chunk` per token (the same text as expectedAnswer, split into tokens by
 * expectedTokens; `streamTokens` sets the answer's length in tokens), a chunk with the
 * finish_reason, a usage chunk when `stream_options.include_usage` asks for one, then `data: [DONE]`.
 * `tokenDelayMs` waits between tokens. Markers in the last user message: `[[stream-cut:N]]` closes
 * the socket after N token chunks (no finish_reason, no [DONE]), `[[first-token-delay:MS]]` waits
 * after the headers before the first token, `[[token-delay:MS]]` overrides tokenDelayMs.
 * `stats().chunksSent` counts the token chunks written so far, `streamsClosedByClient` the streams
 * whose client hung up before the end.
 *
 * Run on its own: `npx tsx tests/helpers/chat-server.ts [--port N] [--latency-ms N] [--seed N]
 * [--stream-tokens N] [--token-delay-ms N]`
 * prints `listening <url>` (the base URL to give a connection, ending in /v1).
 */

export type ScriptedAnswer = { status?: number; retryAfter?: string; malformed?: boolean; delayMs?: number; body?: unknown };

export type ChatServerOptions = {
  port?: number;
  /** Added before every answer (ms). */
  latencyMs?: number;
  seed?: number;
  strictParams?: boolean;
  apiKey?: string;
  /** Streamed answers' length in tokens (default: expectedAnswer's own length). */
  streamTokens?: number;
  /** Wait between streamed tokens (ms). */
  tokenDelayMs?: number;
  /**
   * Answers of the test's own (issue 25: fixed judgments): given the request body, the answer text,
   * a ScriptedAnswer (a fault, or `body`), or undefined for the usual deterministic answer. Scripted
   * answers queued with script() or /__control come first; a marker in the message comes after.
   */
  respond?: (body: Record<string, unknown>) => string | ScriptedAnswer | undefined | Promise<string | ScriptedAnswer | undefined>;
};

export type ChatServerStats = {
  requests: number;
  maxInFlight: number;
  arrivals: number[];
  bodies: Record<string, unknown>[];
  /** Token chunks of streamed answers written so far (issue 26). */
  chunksSent: number;
  /** Streams the client closed before their end (issue 26). */
  streamsClosedByClient: number;
};

export type ChatServer = {
  /** The base URL of a connection: http://127.0.0.1:<port>/v1 */
  url: string;
  port: number;
  script: (answers: ScriptedAnswer[]) => void;
  stats: () => ChatServerStats;
  reset: () => void;
  close: () => Promise<void>;
};

const KNOWN = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'seed',
  'stop',
  'n',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'user',
  'response_format',
  'tools',
  'tool_choice',
]);

type Message = { role: string; content: string };

const WORDS = [
  'the',
  'answer',
  'is',
  'clear',
  'because',
  'each',
  'step',
  'follows',
  'from',
  'a',
  'careful',
  'reading',
  'of',
  'question',
  'and',
  'data',
];

/** The deterministic answer text the server gives (exported so tests can predict it). */
export function expectedAnswer(input: {
  seed?: number;
  model: string;
  messages: Message[];
  requestSeed?: number;
  temperature?: number;
}): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([input.seed ?? 0, input.model, input.messages, input.requestSeed ?? null, input.temperature ?? null]))
    .digest();
  const last = [...input.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const words = Array.from({ length: 12 + (digest[0]! % 24) }, (_, i) => WORDS[digest[(i % 31) + 1]! % WORDS.length]);
  return `Answer ${digest.subarray(0, 4).toString('hex')} to "${last
    .replace(/\[\[[^\]]*\]\]/g, '')
    .trim()
    .slice(0, 60)}": ${words.join(' ')}.`;
}

/**
 * The streamed answer's tokens (issue 26): expectedAnswer split before each whitespace run, so the
 * tokens joined give it back exactly; with `tokens` set, cut to or extended (with seeded words) to
 * that many.
 */
export function expectedTokens(input: Parameters<typeof expectedAnswer>[0] & { tokens?: number }): string[] {
  const base = expectedAnswer(input).match(/\s*\S+/g) ?? [];
  if (input.tokens === undefined) return base;
  const out = base.slice(0, input.tokens);
  for (let i = out.length; i < input.tokens; i++) out.push(` ${WORDS[(i * 7 + base.length) % WORDS.length]}`);
  return out;
}

/** A numeric streaming marker `[[name:N]]` in the text (issue 26), wherever it stands. */
function streamMarker(text: string, name: string): number | undefined {
  const found = new RegExp(`\\[\\[${name}:(\\d+)\\]\\]`).exec(text);
  return found ? Number(found[1]) : undefined;
}

function markerAnswer(text: string): ScriptedAnswer | null {
  const found = /\[\[([^\]]+)\]\]/.exec(text);
  if (!found) return null;
  const answer: ScriptedAnswer = {};
  for (const part of found[1]!.split(/\s+/)) {
    const [key, value] = part.split(':');
    if (key === 'status') answer.status = Number(value);
    else if (key === 'retry-after') answer.retryAfter = value;
    else if (key === 'malformed') answer.malformed = true;
    else if (key === 'delay') answer.delayMs = Number(value);
  }
  return answer;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

export async function startChatServer(options: ChatServerOptions = {}): Promise<ChatServer> {
  let queue: ScriptedAnswer[] = [];
  let stats: ChatServerStats = { requests: 0, maxInFlight: 0, arrivals: [], bodies: [], chunksSent: 0, streamsClosedByClient: 0 };
  let inFlight = 0;
  const sockets = new Set<import('node:net').Socket>();

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  };
  const error = (res: http.ServerResponse, status: number, message: string, type: string, headers?: Record<string, string>) =>
    send(res, status, { error: { message, type, param: null, code: null } }, headers);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').split('?')[0];
      if (path === '/__control' && req.method === 'POST') {
        const body = JSON.parse(raw || '{}') as { next?: ScriptedAnswer[]; reset?: boolean };
        if (body.reset) reset();
        queue.push(...(body.next ?? []));
        return send(res, 200, { queued: queue.length });
      }
      if (path === '/__stats') return send(res, 200, stats);
      if (path === '/v1/models' && req.method === 'GET') return send(res, 200, { object: 'list', data: [] });
      if (path !== '/v1/chat/completions' || req.method !== 'POST') return error(res, 404, `no route ${req.method} ${path}`, 'not_found');
      void answer(raw, req, res);
    });
  });

  async function answer(raw: string, req: http.IncomingMessage, res: http.ServerResponse) {
    stats.requests += 1;
    stats.arrivals.push(Date.now());
    inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    try {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return error(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
      }
      stats.bodies.push(body);
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return error(res, 401, 'Incorrect API key provided.', 'invalid_request_error');
      }
      const messages = body.messages as Message[] | undefined;
      if (typeof body.model !== 'string' || !Array.isArray(messages) || messages.length === 0) {
        return error(res, 400, "'model' and a non-empty 'messages' are required", 'invalid_request_error');
      }
      if (options.strictParams) {
        const unknown = Object.keys(body).find((k) => !KNOWN.has(k));
        if (unknown) return error(res, 400, `Unrecognized request argument supplied: ${unknown}`, 'invalid_request_error');
      }
      const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      const responded = queue.length === 0 && options.respond ? await options.respond(body) : undefined;
      const scripted = queue.shift() ?? (typeof responded === 'object' ? responded : undefined) ?? markerAnswer(lastUser) ?? {};
      const delay = (options.latencyMs ?? 0) + (scripted.delayMs ?? 0);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (scripted.status && scripted.status !== 200) {
        const message =
          scripted.status === 429 ? 'Rate limit reached for requests' : `The server had an error (scripted ${scripted.status})`;
        return error(res, scripted.status, message, scripted.status === 429 ? 'rate_limit_error' : 'server_error', {
          ...(scripted.retryAfter !== undefined && { 'retry-after': scripted.retryAfter }),
        });
      }
      if (scripted.malformed) return send(res, 200, '{"id": "chatcmpl-broken", "choices": [ {"message": ');
      if (scripted.body !== undefined) return send(res, 200, scripted.body);
      const answerInput = {
        seed: options.seed,
        model: body.model,
        messages,
        requestSeed: typeof body.seed === 'number' ? body.seed : undefined,
        temperature: typeof body.temperature === 'number' ? body.temperature : undefined,
      };
      if (body.stream === true) return await stream(res, body, answerInput, lastUser);
      const text = typeof responded === 'string' ? responded : expectedAnswer(answerInput);
      const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : Infinity;
      const all = text.split(' ');
      const cut = all.length > maxTokens;
      const content = cut ? all.slice(0, maxTokens).join(' ') : text;
      const promptTokens = messages.reduce((n, m) => n + words(m.content), 0);
      send(res, 200, {
        id: `chatcmpl-${stats.requests}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: cut ? 'length' : 'stop' }],
        usage: { prompt_tokens: promptTokens, completion_tokens: words(content), total_tokens: promptTokens + words(content) },
      });
    } finally {
      inFlight -= 1;
    }
  }

  /** A streamed answer (issue 26): SSE chunks in OpenAI's shape, paced and cut as the options and markers say. */
  async function stream(
    res: http.ServerResponse,
    body: Record<string, unknown>,
    input: Parameters<typeof expectedAnswer>[0],
    lastUser: string,
  ) {
    let closed = false;
    res.on('close', () => (closed = true));
    const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
    const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : Infinity;
    const all = expectedTokens({ ...input, tokens: options.streamTokens });
    const tokens = all.slice(0, maxTokens);
    const cutAfter = streamMarker(lastUser, 'stream-cut');
    const tokenDelay = streamMarker(lastUser, 'token-delay') ?? options.tokenDelayMs ?? 0;
    const id = `chatcmpl-${stats.requests}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices, ...extra })}\n\n`);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    await sleep(streamMarker(lastUser, 'first-token-delay') ?? 0);
    const gone = () => (closed ? ((stats.streamsClosedByClient += 1), true) : false);
    for (const [i, token] of tokens.entries()) {
      if (i > 0) await sleep(tokenDelay);
      if (gone()) return;
      chunk([{ index: 0, delta: { content: token }, finish_reason: null }]);
      stats.chunksSent += 1;
      // Ending the socket (after the chunks written so far) mid-body: the client sees the answer cut, with no [DONE].
      if (cutAfter !== undefined && i + 1 >= cutAfter) return void res.socket?.end();
    }
    chunk([{ index: 0, delta: {}, finish_reason: all.length > tokens.length ? 'length' : 'stop' }]);
    const include = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    const promptTokens = (body.messages as Message[]).reduce((n, m) => n + words(m.content), 0);
    if (include)
      chunk([], { usage: { prompt_tokens: promptTokens, completion_tokens: tokens.length, total_tokens: promptTokens + tokens.length } });
    res.end('data: [DONE]\n\n');
  }

  function reset() {
    queue = [];
    stats = { requests: 0, maxInFlight: 0, arrivals: [], bodies: [], chunksSent: 0, streamsClosedByClient: 0 };
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    script: (answers) => queue.push(...answers),
    stats: () => stats,
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const argv = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}`) {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const server = await startChatServer({
    port: flag('--port'),
    latencyMs: flag('--latency-ms'),
    seed: flag('--seed'),
    streamTokens: flag('--stream-tokens'),
    tokenDelayMs: flag('--token-delay-ms'),
  });
  console.log(`listening ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
