import { openChatExchange, readBody, ModelCallError, type ChatTarget } from '@/lib/models/chat-transport';
import type { ChatMessage, SamplingParams } from '@/lib/models/schemas';

export { ModelCallError, parseRetryAfter, type ChatTarget, type ModelCallErrorKind } from '@/lib/models/chat-transport';

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
  const payload = { ...request.params, model: target.model, messages: request.messages, stream: false };
  const exchange = await openChatExchange(target, payload, { accept: 'application/json', signal: request.signal });
  const text = await readBody(exchange);
  return parseCompletionBody(exchange.response.statusCode ?? 200, text, Math.round(performance.now() - exchange.started));
}

/** A `stream: false` answer's body as a ChatCompletion; malformed when it is not one. */
export function parseCompletionBody(status: number, body: string, latencyMs: number): ChatCompletion {
  let json: {
    model?: unknown;
    choices?: { message?: { content?: unknown }; finish_reason?: unknown }[];
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  };
  try {
    json = JSON.parse(body);
  } catch {
    throw new ModelCallError('malformed', `HTTP ${status} but the body is not JSON: ${body.slice(0, 200)}`, status);
  }
  const choice = json?.choices?.[0];
  const content = choice?.message?.content;
  if (typeof content !== 'string') throw new ModelCallError('malformed', 'the answer has no choices[0].message.content string', status);
  return {
    text: content,
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    promptTokens: tokenCount(json.usage?.prompt_tokens),
    completionTokens: tokenCount(json.usage?.completion_tokens),
    model: typeof json.model === 'string' ? json.model : null,
    latencyMs,
  };
}

/** A usage count as the server gave it; null unless a non-negative integer. */
export const tokenCount = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
