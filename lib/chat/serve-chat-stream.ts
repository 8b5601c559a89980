import { ZChatStreamRequest } from '@/lib/chat/schemas';
import { runChatSamples, type ChatStreamEvent, type ModelStream } from '@/lib/chat/run-chat-samples';
import { PersonalDataWarning, retryChatSide, startChatTurn, type StartedSamples } from '@/lib/chat/start-chat-turn';
import { isAppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { getChatTarget } from '@/lib/models/get-chat-target';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

/**
 * The chat stream's body for a signed-in member (the route handler checks the session): parse the
 * request (a new prompt, or a retry of one side), store it and its samples, then answer with one
 * JSON event per line (application/x-ndjson, ChatStreamEvent) as the models stream: the browser
 * renders every side's tokens as they come. Refusals are JSON {error, personalData?} with their
 * HTTP status, before anything streams. Model identities never appear in any of it.
 */
export async function serveChatStream(o: { request: Request; projectId: string; userId: string; stream: ModelStream }): Promise<Response> {
  let body: unknown;
  try {
    body = await o.request.json();
  } catch {
    return json(400, { error: 'The request is not JSON' });
  }
  const parsed = ZChatStreamRequest.safeParse(body);
  if (!parsed.success) return json(400, { error: parsed.error.issues[0]?.message ?? 'Invalid request' });
  const input = parsed.data;
  let started: StartedSamples;
  try {
    started =
      input.action === 'send'
        ? await startChatTurn({ ...input, userId: o.userId, projectId: o.projectId })
        : await retryChatSide({ ...input, userId: o.userId, projectId: o.projectId });
  } catch (error) {
    if (error instanceof PersonalDataWarning) return json(422, { error: error.message, personalData: error.kinds });
    if (isAppError(error)) return json(error.status, { error: error.message, fieldErrors: error.fieldErrors });
    log.error('chat stream start failed', { error, projectId: o.projectId });
    return json(500, { error: 'Something went wrong on our side. Try again.' });
  }
  const encoder = new TextEncoder();
  const body$ = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const emit = (event: ChatStreamEvent) => {
        if (open) controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      };
      emit({ type: 'start', turn: started.turn, sides: started.samples.map((s) => ({ side: s.position, attempt: s.attempt })) });
      try {
        await runChatSamples({
          projectId: o.projectId,
          samples: started.samples,
          stream: o.stream,
          target: async (connectionId) => (await getChatTarget({ connectionId, projectId: o.projectId })).target,
          emit,
        });
      } catch (error) {
        log.error('chat stream failed', { error, projectId: o.projectId });
      } finally {
        open = false;
        try {
          controller.close();
        } catch {
          // already closed by a cancelled reader
        }
      }
    },
    cancel() {
      // The browser went away: the samples keep being written (runChatSamples ignores a dead emit).
    },
  });
  return new Response(body$, {
    status: 200,
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
  });
}
