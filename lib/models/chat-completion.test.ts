import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatCompletion, ModelCallError, parseRetryAfter, type ChatTarget } from '@/lib/models/chat-completion';
import { expectedAnswer, startChatServer, type ChatServer } from '@/tests/helpers/chat-server';

let server: ChatServer;
let target: ChatTarget;
const messages = [{ role: 'user' as const, content: 'Name a prime number.' }];

beforeAll(async () => {
  server = await startChatServer({ seed: 7, apiKey: 'sk-test-123456', strictParams: true });
  target = { baseUrl: server.url, model: 'policy-a', apiKey: 'sk-test-123456', timeoutMs: 5_000, allowPrivateHosts: true };
});
afterAll(() => server.close());
beforeEach(() => server.reset());

async function failure(promise: Promise<unknown>): Promise<ModelCallError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelCallError);
  return error as ModelCallError;
}

describe('chatCompletion against a local Chat Completions server', () => {
  it('returns the text, finish reason, token counts and model, and sends only the parameters set', async () => {
    const answer = await chatCompletion(target, { messages, params: { temperature: 0.7, seed: 3 } });
    expect(answer.text).toBe(expectedAnswer({ seed: 7, model: 'policy-a', messages, requestSeed: 3, temperature: 0.7 }));
    expect(answer).toMatchObject({ finishReason: 'stop', model: 'policy-a', promptTokens: 4 });
    expect(answer.completionTokens).toBe(answer.text.split(' ').length);
    expect(server.stats().bodies[0]).toEqual({ model: 'policy-a', messages, stream: false, temperature: 0.7, seed: 3 });
  });

  it('reports a cut answer as finish reason length', async () => {
    const answer = await chatCompletion(target, { messages, params: { max_tokens: 3 } });
    expect(answer).toMatchObject({ finishReason: 'length', completionTokens: 3 });
  });

  it('names each failure by kind, with the server’s own message and Retry-After', async () => {
    server.script([{ status: 429, retryAfter: '2' }, { status: 503 }, { malformed: true }]);
    const limited = await failure(chatCompletion(target, { messages }));
    expect(limited).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 2000, retryable: true });
    expect(limited.message).toContain('Rate limit reached');
    expect(await failure(chatCompletion(target, { messages }))).toMatchObject({ kind: 'server_error', status: 503, retryable: true });
    expect(await failure(chatCompletion(target, { messages }))).toMatchObject({ kind: 'malformed', retryable: true });
  });

  it('passes on a server that rejects an unknown parameter, in its words, as not retryable', async () => {
    const error = await failure(chatCompletion(target, { messages, params: { best_of: 2 } as never }));
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, retryable: false });
    expect(error.message).toBe('HTTP 400: Unrecognized request argument supplied: best_of');
  });

  it('reports a wrong key as auth, and a slow server as a timeout', async () => {
    expect(await failure(chatCompletion({ ...target, apiKey: 'sk-wrong' }, { messages }))).toMatchObject({ kind: 'auth', status: 401 });
    server.script([{ delayMs: 1_000 }]);
    expect(await failure(chatCompletion({ ...target, timeoutMs: 200 }, { messages }))).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('refuses a loopback server unless private hosts are allowed, before sending anything', async () => {
    const error = await failure(chatCompletion({ ...target, allowPrivateHosts: false }, { messages }));
    expect(error.kind).toBe('refused_address');
    expect(error.message).toContain('MODEL_ALLOW_PRIVATE_HOSTS');
    const named = await failure(
      chatCompletion({ ...target, baseUrl: server.url.replace('127.0.0.1', 'localhost'), allowPrivateHosts: false }, { messages }),
    );
    expect(named.kind).toBe('refused_address');
    expect(server.stats().requests).toBe(0);
  });

  it('reports a closed port as a network error', async () => {
    const closed = await startChatServer();
    await closed.close();
    expect(await failure(chatCompletion({ ...target, baseUrl: closed.url }, { messages }))).toMatchObject({
      kind: 'network',
      retryable: true,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter('Sun, 06 Dec 2026 15:00:10 GMT', Date.parse('2026-12-06T15:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});
