import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { parseCompletionBody, tokenCount } from '@/lib/models/chat-completion';
import { ModelCallError, openChatExchange, readBody, serverMessage, type ChatTarget } from '@/lib/models/chat-transport';
import type { ChatMessage, SamplingParams } from '@/lib/models/schemas';

export type StreamEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'done';
      /** As the server said: stop, length, content_filter, …; null when it did not say. */
      finishReason: string | null;
      promptTokens: number | null;
      completionTokens: number | null;
      model: string | null;
      /** From sending the request to the end of the stream. */
      latencyMs: number;
      /** From sending the request to the first non-empty delta; null when the answer was empty. */
      firstTokenMs: number | null;
    };

type Chunk = {
  model?: unknown;
  choices?: { delta?: { content?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  error?: unknown;
};

/**
 * One Chat Completions request with `stream: true` (and `stream_options.include_usage` for the
 * token counts): yields each content delta as it arrives, then one `done`. The server-sent events
 * are parsed by `eventsource-parser`; the transport (private-address check, idle timeout between
 * chunks, error kinds) is chatCompletion's (chat-transport.ts). A stream that ends with neither
 * `[DONE]` nor a finish_reason throws after the deltas already yielded: 'network' when the
 * connection broke, 'malformed' when it closed cleanly. An error event mid-stream is a
 * 'server_error'. A server that ignores `stream` and answers JSON gives one delta and done.
 * Aborting `signal` (or leaving the loop) closes the connection; an abort throws the signal's reason (an AbortError).
 */
export async function* streamChatCompletion(
  target: ChatTarget,
  request: { messages: ChatMessage[]; params?: SamplingParams; signal?: AbortSignal },
): AsyncGenerator<StreamEvent> {
  const payload = {
    ...request.params,
    model: target.model,
    messages: request.messages,
    stream: true,
    stream_options: { include_usage: true },
  };
  const exchange = await openChatExchange(target, payload, { accept: 'text/event-stream', signal: request.signal });
  const elapsed = () => Math.round(performance.now() - exchange.started);
  const status = exchange.response.statusCode ?? 200;
  try {
    if (/application\/json/i.test(String(exchange.response.headers['content-type'] ?? ''))) {
      const answer = parseCompletionBody(status, await readBody(exchange), 0);
      const firstTokenMs = answer.text ? elapsed() : null;
      if (answer.text) yield { type: 'delta', text: answer.text };
      const { finishReason, promptTokens, completionTokens, model } = answer;
      return void (yield { type: 'done', finishReason, promptTokens, completionTokens, model, latencyMs: elapsed(), firstTokenMs });
    }
    let finishReason: string | null = null;
    let model: string | null = null;
    let usage = null as Chunk['usage'];
    let firstTokenMs: number | null = null;
    let finished = false;
    let failure: ModelCallError | null = null;
    let pending: string[] = [];
    const parser = createParser({
      onEvent(event: EventSourceMessage) {
        if (finished || failure) return;
        if (event.data.trim() === '[DONE]') return void (finished = true);
        let chunk: Chunk;
        try {
          chunk = JSON.parse(event.data) as Chunk;
        } catch {
          return void (failure = new ModelCallError('malformed', `a stream event is not JSON: ${event.data.slice(0, 200)}`, status));
        }
        if (chunk.error !== undefined) {
          return void (failure = new ModelCallError(
            'server_error',
            `error in the stream: ${serverMessage(JSON.stringify(chunk))}`,
            status,
          ));
        }
        if (typeof chunk.model === 'string') model = chunk.model;
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices?.[0];
        const content = choice?.delta?.content;
        if (typeof content === 'string' && content.length > 0) {
          firstTokenMs ??= elapsed();
          pending.push(content);
        }
        if (typeof choice?.finish_reason === 'string') finishReason = choice.finish_reason;
      },
    });
    const decoder = new TextDecoder();
    let broken: unknown = null;
    try {
      for await (const bytes of exchange.response as AsyncIterable<Buffer>) {
        parser.feed(decoder.decode(bytes, { stream: true }));
        for (const text of pending) yield { type: 'delta', text };
        pending = [];
        if (failure) throw failure;
        if (finished) break;
      }
    } catch (error) {
      if (error === failure) throw error;
      broken = exchange.describe(error);
      if (!(broken instanceof ModelCallError)) throw broken;
    }
    if (!finished && !failure) {
      parser.feed(decoder.decode());
      for (const text of pending) yield { type: 'delta', text };
      pending = [];
    }
    if (failure) throw failure;
    if (!finished && finishReason === null) {
      if (broken) throw broken;
      throw new ModelCallError('malformed', 'the stream ended without [DONE] or a finish_reason', status);
    }
    // A finish_reason and then a broken connection (no usage, no [DONE]): the answer itself is whole.
    yield {
      type: 'done',
      finishReason,
      promptTokens: tokenCount(usage?.prompt_tokens),
      completionTokens: tokenCount(usage?.completion_tokens),
      model,
      latencyMs: elapsed(),
      firstTokenMs,
    };
  } finally {
    exchange.close();
  }
}
