import type { SampleStatus } from '@/lib/chat/chat-rules';
import { acquireChatCallSlot, releaseChatCallSlot, renewChatCallSlot } from '@/lib/chat/chat-call-slot';
import type { ChatStreamEvent } from '@/lib/chat/chat-view';
import { HEARTBEAT_MS } from '@/lib/chat/load-conversation';
import type { PlannedSample } from '@/lib/chat/plan-samples';
import { sampleErrorWords } from '@/lib/chat/sample-error-words';
import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { ModelCallError, type ChatTarget } from '@/lib/models/chat-completion';
import type { ChatMessage, SamplingParams } from '@/lib/models/schemas';

/** The streaming client's events (lib/models/stream-chat-completion.ts). */
export type ModelStreamEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'done';
      finishReason: string | null;
      promptTokens: number | null;
      completionTokens: number | null;
      model: string | null;
      latencyMs: number;
      firstTokenMs: number | null;
    };

/** The streaming client's signature (lib/models/stream-chat-completion.ts streamChatCompletion); injected so tests can script a stream. */
export type ModelStream = (
  target: ChatTarget,
  request: { messages: ChatMessage[]; params?: SamplingParams; signal?: AbortSignal },
) => AsyncIterable<ModelStreamEvent>;

export type { ChatStreamEvent } from '@/lib/chat/chat-view';

/** Text is written to the database at most this often while tokens arrive (modest batches); the heartbeat covers silences. */
const FLUSH_MS = 250;

type Done = Extract<ModelStreamEvent, { type: 'done' }>;

/**
 * Streams each planned sample from its model at once, writing its text to chat_samples as it goes
 * (every FLUSH_MS while tokens arrive, a heartbeat every HEARTBEAT_MS), and reports to `emit`. A
 * sample the labeler stopped (status STOPPED, set by any instance) is noticed at the next write and
 * its request aborted; its text is what arrived. An error keeps the partial text (ERROR, marked
 * incomplete). `emit` failing (the browser left) does not stop the writing: a reload finds the answers.
 */
export async function runChatSamples(o: {
  projectId: string;
  samples: PlannedSample[];
  stream: ModelStream;
  target: (connectionId: string) => Promise<ChatTarget>;
  emit: (event: ChatStreamEvent) => void;
}): Promise<void> {
  const emit = (event: ChatStreamEvent) => {
    try {
      o.emit(event);
    } catch {
      // The browser is gone; the database still gets everything.
    }
  };
  await Promise.all(o.samples.map((sample) => runOne(sample, o.stream, o.target, emit)));
}

async function runOne(
  sample: PlannedSample,
  stream: ModelStream,
  resolveTarget: (connectionId: string) => Promise<ChatTarget>,
  emit: (event: ChatStreamEvent) => void,
): Promise<void> {
  const pool = getPgPool();
  const controller = new AbortController();
  let text = '';
  let stopped = false;
  let flushed = Date.now();
  let writing: Promise<void> = Promise.resolve();
  // One write at a time, in order; a write that finds the sample no longer STREAMING means it was stopped.
  const flush = () => {
    writing = writing.then(async () => {
      flushed = Date.now();
      const { rowCount } = await pool.query(
        `UPDATE chat_samples SET text = $2, "heartbeatAt" = now() WHERE id = $1 AND status = 'STREAMING'`,
        [sample.sampleId, text],
      );
      if (rowCount === 0 && !stopped) {
        stopped = true;
        controller.abort();
      }
    });
    return writing;
  };
  let lease: string | null = null;
  const beat = async () => {
    await flush();
    if (lease) await renewChatCallSlot(lease);
  };
  const heartbeat = setInterval(() => void beat().catch((error: unknown) => log.warn('chat heartbeat failed', { error })), HEARTBEAT_MS);
  let done: Done | null = null;
  let failure: unknown = null;
  try {
    const target = await resolveTarget(sample.connectionId);
    // The connection's limits hold for chat as for generation jobs, across instances.
    lease = await acquireChatCallSlot({ connectionId: sample.connectionId, stopped: () => stopped });
    if (!lease && !stopped) throw new ModelCallError('rate_limited', 'no call slot of the connection within 30 s');
    for await (const event of stream(target, { messages: sample.messages, params: sample.params, signal: controller.signal })) {
      if (stopped) break;
      if (event.type === 'delta') {
        text += event.text;
        emit({ type: 'delta', side: sample.position, text: event.text });
        if (Date.now() - flushed >= FLUSH_MS) await flush();
      } else done = event;
    }
  } catch (error) {
    if (!stopped) failure = error;
  } finally {
    clearInterval(heartbeat);
    if (lease) await releaseChatCallSlot(lease).catch((error: unknown) => log.warn('chat call slot release failed', { error }));
  }
  await writing.catch(() => undefined);
  const status = await finish(sample.sampleId, text, stopped, done, failure);
  emit({ type: 'end', side: sample.position, status: status.status, text, error: sampleErrorWords(status.status, status.errorKind) });
}

async function finish(
  sampleId: string,
  text: string,
  stopped: boolean,
  done: Done | null,
  failure: unknown,
): Promise<{ status: SampleStatus; errorKind: string | null }> {
  const pool = getPgPool();
  if (!stopped && !failure && done) {
    const { rowCount } = await pool.query(
      `UPDATE chat_samples SET status = 'DONE', text = $2, "modelReported" = $3, "finishReason" = $4, "promptTokens" = $5, "completionTokens" = $6,
              "latencyMs" = $7, "firstTokenMs" = $8, "finishedAt" = now(), "heartbeatAt" = now()
       WHERE id = $1 AND status = 'STREAMING'`,
      [
        sampleId,
        text,
        done.model,
        done.finishReason,
        done.promptTokens,
        done.completionTokens,
        Math.round(done.latencyMs),
        done.firstTokenMs === null ? null : Math.round(done.firstTokenMs),
      ],
    );
    if (rowCount === 1) return { status: 'DONE', errorKind: null };
  }
  if (!stopped && (failure || !done)) {
    const kind =
      failure instanceof ModelCallError ? failure.kind : failure instanceof AppError ? 'unavailable' : failure ? 'network' : 'cut';
    // A stream that broke after some text: the answer is cut off (what arrived is kept, marked incomplete).
    const errorKind = text.length > 0 && (kind === 'network' || kind === 'malformed' || kind === 'timeout') ? 'cut' : kind;
    const detail = failure instanceof Error ? failure.message.slice(0, 2000) : 'the stream ended without a final event';
    const { rowCount } = await pool.query(
      `UPDATE chat_samples SET status = 'ERROR', text = $2, "errorKind" = $3, "errorDetail" = $4, "finishedAt" = now() WHERE id = $1 AND status = 'STREAMING'`,
      [sampleId, text, errorKind, detail],
    );
    if (rowCount === 1) return { status: 'ERROR', errorKind };
  }
  // Stopped by the labeler (here or on another instance): keep everything that arrived.
  await pool.query(`UPDATE chat_samples SET text = $2, "finishedAt" = coalesce("finishedAt", now()) WHERE id = $1 AND status = 'STOPPED'`, [
    sampleId,
    text,
  ]);
  const { rows } = await pool.query<{ status: SampleStatus; errorKind: string | null }>(
    `SELECT status, "errorKind" FROM chat_samples WHERE id = $1`,
    [sampleId],
  );
  return rows[0] ?? { status: 'STOPPED', errorKind: null };
}
