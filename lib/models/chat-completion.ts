import http from 'node:http';
import https from 'node:https';
import { APP_VERSION } from '@/lib/app-version';
import { isNonPublicAddress, NonPublicAddressError, publicOnlyLookup } from '@/lib/webhooks/public-address';
import type { ChatMessage, SamplingParams } from '@/lib/models/schemas';

/** Where a request goes: a connection's fields with its key decrypted (never logged). */
export type ChatTarget = {
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
  /** Loopback and private addresses allowed (MODEL_ALLOW_PRIVATE_HOSTS, or a test's explicit choice). */
  allowPrivateHosts: boolean;
};

/** One answer, with what its provenance records. */
export type ChatCompletion = {
  text: string;
  /** As the server said: stop, length, content_filter, …; null when it did not say. */
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** The model name the server reported (may differ from the one asked, e.g. a resolved alias). */
  model: string | null;
  latencyMs: number;
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
function serverMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } | string; detail?: unknown; message?: unknown };
    const found = typeof json.error === 'string' ? json.error : (json.error?.message ?? json.detail ?? json.message);
    if (found !== undefined) return (typeof found === 'string' ? found : JSON.stringify(found)).slice(0, 1000);
  } catch {
    // not JSON: the text itself
  }
  return body.trim().slice(0, 1000) || '(empty body)';
}

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: string };

const MAX_BODY_BYTES = 16 * 1024 * 1024;

function post(url: URL, headers: Record<string, string>, body: string, target: ChatTarget, signal?: AbortSignal): Promise<Raw> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!target.allowPrivateHosts && isNonPublicAddress(host)) return Promise.reject(new NonPublicAddressError(host, host));
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<Raw>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: target.timeoutMs,
        signal,
        ...(target.allowPrivateHosts ? {} : { lookup: publicOnlyLookup }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) req.destroy(new ModelCallError('malformed', `answer larger than ${MAX_BODY_BYTES} bytes`));
          else chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    // The socket's idle timeout: no byte for timeoutMs. A whole-request deadline is the caller's signal.
    req.on('timeout', () => req.destroy(new ModelCallError('timeout', `no answer within ${target.timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One Chat Completions request (`stream: false`) to an OpenAI-compatible server: POST
 * baseUrl/chat/completions with the model, the messages and only the sampling parameters set.
 * Hand-written over node:http(s) rather than the `openai` SDK: the connection must use exactly
 * the address the private-address check passed (the `lookup` hook webhooks use), which the SDK's
 * fetch cannot do without the `undici` package, and the SDK's current majors need Node 22.
 * Throws ModelCallError; never retries (the caller's policy does, honouring retryAfterMs).
 */
export async function chatCompletion(
  target: ChatTarget,
  request: { messages: ChatMessage[]; params?: SamplingParams; signal?: AbortSignal },
): Promise<ChatCompletion> {
  const url = new URL(`${target.baseUrl.replace(/\/+$/, '')}/chat/completions`);
  const body = JSON.stringify({ ...request.params, model: target.model, messages: request.messages, stream: false });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'user-agent': `PreferenceLab/${APP_VERSION}`,
    ...(target.apiKey && { authorization: `Bearer ${target.apiKey}` }),
  };
  const started = performance.now();
  let raw: Raw;
  try {
    raw = await post(url, headers, body, target, request.signal);
  } catch (error) {
    if (error instanceof ModelCallError) throw error;
    if (error instanceof NonPublicAddressError || (error as { code?: string }).code === 'NON_PUBLIC_ADDRESS') {
      throw new ModelCallError(
        'refused_address',
        (error as Error).message.replace('WEBHOOK_ALLOW_PRIVATE_HOSTS', 'MODEL_ALLOW_PRIVATE_HOSTS'),
      );
    }
    if ((error as { name?: string }).name === 'AbortError') throw error;
    const { code, message } = error as { code?: string; message: string };
    throw new ModelCallError('network', code ? `${code}: ${message}` : message);
  }
  const latencyMs = Math.round(performance.now() - started);
  if (raw.status === 429)
    throw new ModelCallError('rate_limited', `HTTP 429: ${serverMessage(raw.body)}`, 429, parseRetryAfter(raw.headers['retry-after']));
  if (raw.status >= 500)
    throw new ModelCallError(
      'server_error',
      `HTTP ${raw.status}: ${serverMessage(raw.body)}`,
      raw.status,
      parseRetryAfter(raw.headers['retry-after']),
    );
  if (raw.status === 401 || raw.status === 403)
    throw new ModelCallError('auth', `HTTP ${raw.status}: ${serverMessage(raw.body)}`, raw.status);
  if (raw.status < 200 || raw.status >= 300)
    throw new ModelCallError('bad_request', `HTTP ${raw.status}: ${serverMessage(raw.body)}`, raw.status);
  let json: {
    model?: unknown;
    choices?: { message?: { content?: unknown }; finish_reason?: unknown }[];
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  };
  try {
    json = JSON.parse(raw.body);
  } catch {
    throw new ModelCallError('malformed', `HTTP ${raw.status} but the body is not JSON: ${raw.body.slice(0, 200)}`, raw.status);
  }
  const choice = json?.choices?.[0];
  const content = choice?.message?.content;
  if (typeof content !== 'string') throw new ModelCallError('malformed', 'the answer has no choices[0].message.content string', raw.status);
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
  return {
    text: content,
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    promptTokens: count(json.usage?.prompt_tokens),
    completionTokens: count(json.usage?.completion_tokens),
    model: typeof json.model === 'string' ? json.model : null,
    latencyMs,
  };
}
