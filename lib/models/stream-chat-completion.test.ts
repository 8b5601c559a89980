import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelCallError, type ChatTarget } from '@/lib/models/chat-completion';
import { streamChatCompletion, type StreamEvent } from '@/lib/models/stream-chat-completion';
import { expectedAnswer, expectedTokens, startChatServer, type ChatServer } from '@/tests/helpers/chat-server';

let server: ChatServer;
let target: ChatTarget;
const ask = (content: string) => [{ role: 'user' as const, content }];

beforeAll(async () => {
  server = await startChatServer({ seed: 7, apiKey: 'sk-test-123456', strictParams: true });
  target = { baseUrl: server.url, model: 'policy-a', apiKey: 'sk-test-123456', timeoutMs: 5_000, allowPrivateHosts: true };
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** Every event of a stream, and the error that ended it (null when it ended with done). */
async function drain(stream: AsyncGenerator<StreamEvent>): Promise<{ events: StreamEvent[]; error: unknown }> {
  const events: StreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, error: null };
  } catch (error) {
    return { events, error };
  }
}
const deltas = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'delta' ? [e.text] : []));

describe('streamChatCompletion against the local server', () => {
  it('yields the answer token by token, then done with the finish reason, usage and model', async () => {
    const messages = ask('Name a prime number.');
    const { events, error } = await drain(streamChatCompletion(target, { messages, params: { temperature: 0.5 } }));
    expect(error).toBeNull();
    const tokens = expectedTokens({ seed: 7, model: 'policy-a', messages, temperature: 0.5 });
    expect(deltas(events)).toEqual(tokens);
    expect(deltas(events).join('')).toBe(expectedAnswer({ seed: 7, model: 'policy-a', messages, temperature: 0.5 }));
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', finishReason: 'stop', model: 'policy-a', promptTokens: 4, completionTokens: tokens.length });
    expect(done.type === 'done' && done.firstTokenMs !== null && done.firstTokenMs <= done.latencyMs).toBe(true);
    expect(server.stats().bodies[0]).toEqual({
      model: 'policy-a',
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.5,
    });
  });

  it('receives the first delta before the server has sent the last one', async () => {
    const local = await startChatServer({ streamTokens: 20, tokenDelayMs: 30 });
    try {
      const stream = streamChatCompletion({ ...target, baseUrl: local.url, apiKey: null }, { messages: ask('Count.') });
      const first = await stream.next();
      expect(first.value).toMatchObject({ type: 'delta' });
      const sentAtFirst = local.stats().chunksSent;
      const { events, error } = await drain(stream);
      expect(error).toBeNull();
      expect(sentAtFirst).toBeLessThan(20);
      expect(deltas(events)).toHaveLength(19);
      expect(local.stats().chunksSent).toBe(20);
    } finally {
      await local.close();
    }
  });

  it('streams the configured length and reports a cut answer as finish reason length', async () => {
    const local = await startChatServer({ streamTokens: 200 });
    try {
      const long = await drain(streamChatCompletion({ ...target, baseUrl: local.url }, { messages: ask('Write long.') }));
      expect(deltas(long.events)).toHaveLength(200);
      const cut = await drain(
        streamChatCompletion({ ...target, baseUrl: local.url }, { messages: ask('Write.'), params: { max_tokens: 3 } }),
      );
      expect(deltas(cut.events)).toHaveLength(3);
      expect(cut.events.at(-1)).toMatchObject({ type: 'done', finishReason: 'length', completionTokens: 3 });
    } finally {
      await local.close();
    }
  });

  it('throws a network error after the deltas already yielded when the stream is cut before [DONE]', async () => {
    const { events, error } = await drain(streamChatCompletion(target, { messages: ask('Tell me [[stream-cut:4]]') }));
    expect(deltas(events)).toHaveLength(4);
    expect(events.some((e) => e.type === 'done')).toBe(false);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'network', retryable: true });
  });

  it('names a slow first token and a stall between tokens as timeouts', async () => {
    const slowFirst = await drain(
      streamChatCompletion({ ...target, timeoutMs: 200 }, { messages: ask('Wait [[first-token-delay:1000]]') }),
    );
    expect(deltas(slowFirst.events)).toEqual([]);
    expect(slowFirst.error).toMatchObject({ kind: 'timeout' });
    const stall = await drain(streamChatCompletion({ ...target, timeoutMs: 200 }, { messages: ask('Stall [[token-delay:1000]]') }));
    expect(deltas(stall.events)).toHaveLength(1);
    expect(stall.error).toMatchObject({ kind: 'timeout' });
    // A slow first token within the timeout is just slow.
    const slowOk = await drain(streamChatCompletion(target, { messages: ask('Think [[first-token-delay:300]]') }));
    expect(slowOk.error).toBeNull();
    const done = slowOk.events.at(-1);
    expect(done?.type === 'done' && done.firstTokenMs! >= 300).toBe(true);
  });

  it('fails before any delta on 401 and 429, with the server’s words and Retry-After', async () => {
    const auth = await drain(streamChatCompletion({ ...target, apiKey: 'sk-wrong' }, { messages: ask('Hi') }));
    expect(auth.events).toEqual([]);
    expect(auth.error).toMatchObject({ kind: 'auth', status: 401 });
    const limited = await drain(streamChatCompletion(target, { messages: ask('Hi [[status:429 retry-after:3]]') }));
    expect(limited.events).toEqual([]);
    expect(limited.error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 3000 });
    expect((limited.error as Error).message).toContain('Rate limit reached');
  });

  it('stops reading when the signal aborts, and the server sees the connection close', async () => {
    const local = await startChatServer({ streamTokens: 50, tokenDelayMs: 20 });
    try {
      const controller = new AbortController();
      const seen: string[] = [];
      let error: unknown = null;
      try {
        for await (const event of streamChatCompletion(
          { ...target, baseUrl: local.url },
          { messages: ask('Go'), signal: controller.signal },
        )) {
          if (event.type === 'delta') seen.push(event.text);
          if (seen.length === 3) controller.abort();
        }
      } catch (e) {
        error = e;
      }
      expect((error as Error).name).toBe('AbortError');
      expect(seen).toHaveLength(3);
      // The server sees the connection close mid-stream and stops writing.
      await vi.waitFor(() => expect(local.stats().streamsClosedByClient).toBe(1), { timeout: 5_000 });
      expect(local.stats().chunksSent).toBeLessThan(50);
    } finally {
      await local.close();
    }
  });

  it('closes the connection when the reader leaves the loop early', async () => {
    const local = await startChatServer({ streamTokens: 50, tokenDelayMs: 20 });
    try {
      let seen = 0;
      for await (const event of streamChatCompletion({ ...target, baseUrl: local.url }, { messages: ask('Go') })) {
        if (event.type === 'delta' && ++seen === 2) break;
      }
      await vi.waitFor(() => expect(local.stats().streamsClosedByClient).toBe(1), { timeout: 5_000 });
      expect(local.stats().chunksSent).toBeLessThan(50);
    } finally {
      await local.close();
    }
  });

  it('reads a stream without [DONE] that gave a finish_reason, and refuses one with neither', async () => {
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }], model: 'm' })}\n\n`;
    const { createServer } = await import('node:http');
    let body = '';
    const raw = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(body);
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(raw.address() as { port: number }).port}/v1`;
    try {
      body = chunk({ content: 'Hel' }, null) + chunk({ content: 'lo' }, null) + chunk({}, 'stop');
      const whole = await drain(streamChatCompletion({ ...target, baseUrl: url }, { messages: ask('Hi') }));
      expect(deltas(whole.events).join('')).toBe('Hello');
      expect(whole.events.at(-1)).toMatchObject({ type: 'done', finishReason: 'stop', model: 'm', promptTokens: null });
      body = chunk({ content: 'Hel' }, null);
      const open = await drain(streamChatCompletion({ ...target, baseUrl: url }, { messages: ask('Hi') }));
      expect(deltas(open.events)).toEqual(['Hel']);
      expect(open.error).toMatchObject({ kind: 'malformed' });
      body = chunk({ content: 'Hel' }, null) + 'data: {"choices": [\n\n';
      expect((await drain(streamChatCompletion({ ...target, baseUrl: url }, { messages: ask('Hi') }))).error).toMatchObject({
        kind: 'malformed',
      });
      body = chunk({ content: 'Hel' }, null) + `data: ${JSON.stringify({ error: { message: 'overloaded' } })}\n\n`;
      const failed = await drain(streamChatCompletion({ ...target, baseUrl: url }, { messages: ask('Hi') }));
      expect(failed.error).toMatchObject({ kind: 'server_error' });
      expect((failed.error as Error).message).toContain('overloaded');
    } finally {
      await new Promise((r) => raw.close(r));
    }
  });

  it('joins a character split across network chunks, and skips SSE comments (keep-alive lines)', async () => {
    const { createServer } = await import('node:http');
    const event = (content: string, finish: string | null = null) =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
    const bytes = Buffer.from(`: keep-alive\n\n${event('héllo 🌍')}${event(' done', 'stop')}data: [DONE]\n\n`);
    const cut = bytes.indexOf(Buffer.from('🌍')) + 2;
    const raw = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 50);
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(raw.address() as { port: number }).port}/v1`;
      const { events, error } = await drain(streamChatCompletion({ ...target, baseUrl: url }, { messages: ask('Hi') }));
      expect(error).toBeNull();
      expect(deltas(events)).toEqual(['héllo 🌍', ' done']);
    } finally {
      await new Promise((r) => raw.close(r));
    }
  });

  it('refuses a loopback server unless private hosts are allowed, before sending anything', async () => {
    const { error } = await drain(streamChatCompletion({ ...target, allowPrivateHosts: false }, { messages: ask('Hi') }));
    expect(error).toMatchObject({ kind: 'refused_address' });
    expect(server.stats().requests).toBe(0);
  });
});
