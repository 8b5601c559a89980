import http from 'node:http';
import https from 'node:https';
import { APP_VERSION } from '@/lib/app-version';
import { isNonPublicAddress, NonPublicAddressError, publicOnlyLookup } from '@/lib/webhooks/public-address';

/**
 * The transport both Chat Completions calls share (chatCompletion, streamChatCompletion): the
 * private-address check and the lookup hook, the socket's idle timeout, the mapping of every
 * failure to a ModelCallError kind, and the reading of an error answer in the server's own words.
 */

/** Where a request goes: a connection's fields with its key decrypted (never logged). */
export type ChatTarget = {
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
  /** Loopback and private addresses allowed (MODEL_ALLOW_PRIVATE_HOSTS, or a test's explicit choice). */
  allowPrivateHosts: boolean;
};

export type ModelCallErrorKind =
  /** 429: the server's rate limit; retryAfterMs from Retry-After when it sent one. */
  | 'rate_limited'
  /** 5xx. */
  | 'server_error'
  | 'timeout'
  /** Connection refused, reset, DNS failure. */
  | 'network'
  /** A private or reserved address without MODEL_ALLOW_PRIVATE_HOSTS. */
  | 'refused_address'
  /** 401/403. */
  | 'auth'
  /** Any other 4xx: a bad parameter, an unknown model, a prompt too long; the server's message says which. */
  | 'bad_request'
  /** A 2xx whose body is not a Chat Completions answer. */
  | 'malformed';

const RETRYABLE: ReadonlySet<ModelCallErrorKind> = new Set(['rate_limited', 'server_error', 'timeout', 'network', 'malformed']);

/** A failed call, with what a retry policy and a lead need: kind, status, the server's own message, Retry-After. */
export class ModelCallError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly kind: ModelCallErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.retryable = RETRYABLE.has(kind);
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The server's own words from an error body: OpenAI's {error: {message}}, or {error: "..."}, {detail}, {message}, else the text. */
export function serverMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } | string; detail?: unknown; message?: unknown };
    const found = typeof json.error === 'string' ? json.error : (json.error?.message ?? json.detail ?? json.message);
    if (found !== undefined) return (typeof found === 'string' ? found : JSON.stringify(found)).slice(0, 1000);
  } catch {
    // not JSON: the text itself
  }
  return body.trim().slice(0, 1000) || '(empty body)';
}

/** The ModelCallError of a non-2xx answer (429, 5xx, 401/403, other 4xx). */
export function statusError(status: number, headers: http.IncomingHttpHeaders, body: string): ModelCallError {
  const said = `HTTP ${status}: ${serverMessage(body)}`;
  if (status === 429) return new ModelCallError('rate_limited', said, 429, parseRetryAfter(headers['retry-after']));
  if (status >= 500) return new ModelCallError('server_error', said, status, parseRetryAfter(headers['retry-after']));
  if (status === 401 || status === 403) return new ModelCallError('auth', said, status);
  return new ModelCallError('bad_request', said, status);
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** An answer whose headers arrived: read its body, or describe an error met while reading it. */
export type ChatExchange = {
  response: http.IncomingMessage;
  started: number;
  /** Any error met while reading the body, as a ModelCallError (an abort stays an AbortError). */
  describe: (error: unknown) => unknown;
  /** Stops the exchange (the socket is closed): after [DONE], or when the reader stops early. */
  close: () => void;
};

/** The whole body as text, at most 16 MB (more is a malformed answer). */
export async function readBody(exchange: ChatExchange): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of exchange.response as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        exchange.close();
        throw new ModelCallError('malformed', `answer larger than ${MAX_BODY_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw exchange.describe(error);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * POST `payload` to baseUrl/chat/completions and wait for the answer's headers. Connects only to
 * the address the private-address check passed (the `lookup` hook webhooks use); the socket's idle
 * timeout (no byte for timeoutMs, also between streamed chunks) is a 'timeout'; a non-2xx answer is
 * read and thrown as its ModelCallError. Resolves with the 2xx answer, its body unread.
 */
export async function openChatExchange(
  target: ChatTarget,
  payload: Record<string, unknown>,
  options: { accept: string; signal?: AbortSignal },
): Promise<ChatExchange> {
  const url = new URL(`${target.baseUrl.replace(/\/+$/, '')}/chat/completions`);
  const body = JSON.stringify(payload);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let timedOut = false;
  const describe = (error: unknown): unknown => {
    if (error instanceof ModelCallError) return error;
    // Aborted: the signal's reason (an AbortError unless the caller gave one), as fetch does, whatever the socket said.
    if (options.signal?.aborted) return options.signal.reason ?? error;
    if ((error as { name?: string }).name === 'AbortError') return error;
    if (timedOut) return new ModelCallError('timeout', `no answer within ${target.timeoutMs / 1000} s`);
    if (error instanceof NonPublicAddressError || (error as { code?: string }).code === 'NON_PUBLIC_ADDRESS') {
      return new ModelCallError(
        'refused_address',
        (error as Error).message.replace('WEBHOOK_ALLOW_PRIVATE_HOSTS', 'MODEL_ALLOW_PRIVATE_HOSTS'),
      );
    }
    const { code, message } = error as { code?: string; message: string };
    return new ModelCallError('network', code ? `${code}: ${message}` : message);
  };
  if (!target.allowPrivateHosts && isNonPublicAddress(host)) throw describe(new NonPublicAddressError(host, host));
  const request = url.protocol === 'https:' ? https.request : http.request;
  const started = performance.now();
  const req = request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: options.accept,
      'user-agent': `PreferenceLab/${APP_VERSION}`,
      ...(target.apiKey && { authorization: `Bearer ${target.apiKey}` }),
      'content-length': String(Buffer.byteLength(body)),
    },
    timeout: target.timeoutMs,
    signal: options.signal,
    ...(target.allowPrivateHosts ? {} : { lookup: publicOnlyLookup }),
  });
  // The socket's idle timeout: no byte for timeoutMs. A whole-request deadline is the caller's signal.
  req.on('timeout', () => {
    timedOut = true;
    req.destroy(new ModelCallError('timeout', `no answer within ${target.timeoutMs / 1000} s`));
  });
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', (error) => reject(describe(error)));
    req.end(body);
  });
  // Errors after the headers surface on the response (its reader describes them); keep the request's from going unhandled.
  req.on('error', () => undefined);
  const exchange: ChatExchange = { response, started, describe, close: () => req.destroy() };
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) throw statusError(status, response.headers, await readBody(exchange));
  return exchange;
}
