import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { releaseCallSlot } from '@/lib/generation/acquire-call-slot';
import { log } from '@/lib/log';
import { redactApiKey } from '@/lib/models/api-key';
import { chatCompletion, ModelCallError, type ModelCallErrorKind } from '@/lib/models/chat-completion';
import { getChatTarget } from '@/lib/models/get-chat-target';
import { RESPONSE_LABELS } from '@/lib/judgments/schemas';
import { assistanceOn, loadAssistanceContext, type AssistanceContext } from '@/lib/assist/load-assistance-context';
import { MAX_CLAIM_CHARS, type TAskAssistant } from '@/lib/assist/schemas';
import { takeCallSlot } from '@/lib/assist/take-call-slot';
import { buildAssistanceMessages } from '@/lib/assist/templates';
import { ANSWER_VIEW_COLUMNS, toAnswerView, type AnswerViewRow, type AssistanceAnswerView } from '@/lib/assist/types';

/** Requests one assignment may make (a runaway loop or a held key must not spend the project's budget). */
export const MAX_REQUESTS_PER_ASSIGNMENT = 40;
/** How long a request waits for a call slot of a full connection before saying it is busy. */
const SLOT_WAIT_MS = 15_000;
/** The answer's length when the connection sets none: the panel shows a short text. */
const DEFAULT_MAX_TOKENS = 800;

/** What the labeler reads when a call fails: the kind in words, never the server's own message (it may name the model). */
const FAILURE_WORDS: Record<ModelCallErrorKind | 'busy' | 'connection', string> = {
  rate_limited: "The assistant's model server is rate-limiting requests right now.",
  server_error: "The assistant's model server had an error.",
  timeout: 'The assistant took too long to answer.',
  network: "The assistant's model server could not be reached.",
  refused_address: 'The assistant is not set up correctly (its address is refused). Tell your lead.',
  auth: 'The assistant is not set up correctly (its API key was refused). Tell your lead.',
  bad_request: 'The assistant refused this request (it may be too long).',
  malformed: "The assistant's answer could not be read.",
  busy: 'The assistant is busy with other requests.',
  connection: 'The assistant is not set up correctly (its connection cannot be used). Tell your lead.',
};

type Target = { responseId: string | null; label: string | null; text: string };

/** The text asked about: a response the labeler was shown (ranking), or the trial's one text (detect). */
function targetOf(ctx: AssistanceContext, input: TAskAssistant, texts: Map<string, string>): Target {
  if (ctx.kind === 'DETECT') return { responseId: ctx.detectResponseId, label: null, text: ctx.detectText ?? '' };
  const index = input.responseId ? ctx.shownOrder.indexOf(input.responseId) : -1;
  const text = input.responseId ? texts.get(input.responseId) : undefined;
  if (index < 0 || text === undefined) {
    throw new AppError('INVALID_INPUT', 'Pick one of the responses shown', { responseId: ['Pick one of the responses shown'] });
  }
  return { responseId: input.responseId, label: RESPONSE_LABELS[index] ?? String(index + 1), text };
}

/**
 * The labeler asks the project's assistant about their live assignment (issue 25): a critique, an
 * explanation, a fact check of a highlighted claim, or a summary of a response (ranking; the
 * detect screen's "ask for more" is a critique of its one text). Refused unless the assignment is
 * theirs and live and assistance is on for it. The request is stored first (PENDING, keyed by the
 * browser's clientKey: a repeat returns the stored row), then sent through the connection's call
 * slots (its concurrency and per-minute limits across instances) and stored with its answer and
 * provenance, or as FAILED with the reason in words; a retry is a new request.
 */
export async function askAssistant(options: {
  userId: string;
  projectId: string;
  input: TAskAssistant;
  /** How long to wait for a call slot of a full connection (tests shorten it). */
  slotWaitMs?: number;
}): Promise<AssistanceAnswerView> {
  const { userId, projectId, input } = options;
  const pool = getPgPool();
  const ctx = await loadAssistanceContext({ assignmentId: input.assignmentId, userId, projectId });
  if (!ctx) throw new AppError('NOT_FOUND', 'No such task of yours.');
  if (!ctx.live) throw new AppError('CONFLICT', 'This task is no longer open to you, so the assistant cannot be asked about it.');
  if (!assistanceOn(ctx)) throw new AppError('FORBIDDEN', 'The assistant is not available for this task.');
  const offered = ctx.kind === 'DETECT' ? ['CRITIQUE'] : ctx.settings.kinds;
  if (!offered.includes(input.kind))
    throw new AppError('INVALID_INPUT', 'This kind of request is not offered here', { kind: ['Not offered'] });

  const { rows: shown } = await pool.query<{ id: string; text: string }>(
    'SELECT id, text FROM responses WHERE "itemId" = $1 AND id = ANY($2::uuid[])',
    [ctx.itemId, ctx.kind === 'RANK' ? ctx.shownOrder : []],
  );
  const target = targetOf(ctx, input, new Map(shown.map((r) => [r.id, r.text])));
  let claim: string | null = null;
  if (input.kind === 'FACT_CHECK' && input.claim) {
    if (input.claim.end > target.text.length) {
      throw new AppError('INVALID_INPUT', 'The selected claim is not in the response', {
        claim: ['The selected claim is not in the response'],
      });
    }
    claim = target.text.slice(input.claim.start, input.claim.end);
    if (!claim.trim()) throw new AppError('INVALID_INPUT', 'Select the claim to check first', { claim: ['Select some words'] });
    if (claim.length > MAX_CLAIM_CHARS) {
      throw new AppError('INVALID_INPUT', `Select at most ${MAX_CLAIM_CHARS} characters`, { claim: ['Too long'] });
    }
  }
  const connectionId = ctx.settings.connectionId!;
  const { version, messages } = buildAssistanceMessages(input.kind, {
    messages: ctx.messages,
    label: target.label,
    text: target.text,
    claim,
  });

  // Stored before the call, so a request is never lost; the count and the insert in one statement.
  const inserted = await pool.query<AnswerViewRow>(
    `INSERT INTO assistance_requests AS q ("assignmentId", "projectId", "userId", "taskKind", kind, "clientKey", "responseId", "responseLabel",
                                           claim, "claimStart", "claimEnd", "connectionId", "templateVersion")
     SELECT $1, $2, $3, $4::"TaskKind", $5::"AssistanceRequestKind", $6, $7, $8, $9, $10, $11, $12, $13
     WHERE (SELECT count(*) FROM assistance_requests WHERE "assignmentId" = $1) < $14
     ON CONFLICT ("assignmentId", "clientKey") DO NOTHING
     RETURNING ${ANSWER_VIEW_COLUMNS}`,
    [
      ctx.assignmentId,
      projectId,
      userId,
      ctx.kind,
      input.kind,
      input.clientKey,
      target.responseId,
      target.label,
      claim,
      claim === null ? null : input.claim!.start,
      claim === null ? null : input.claim!.end,
      connectionId,
      version,
      MAX_REQUESTS_PER_ASSIGNMENT,
    ],
  );
  const row = inserted.rows[0];
  if (!row) {
    const repeat = await pool.query<AnswerViewRow>(
      `SELECT ${ANSWER_VIEW_COLUMNS} FROM assistance_requests q WHERE q."assignmentId" = $1 AND q."clientKey" = $2`,
      [ctx.assignmentId, input.clientKey],
    );
    if (repeat.rows[0]) return toAnswerView(repeat.rows[0]);
    throw new AppError('RATE_LIMITED', `The assistant answers at most ${MAX_REQUESTS_PER_ASSIGNMENT} requests per task.`);
  }
  return send(row.id, { connectionId, projectId, messages, slotWaitMs: options.slotWaitMs ?? SLOT_WAIT_MS });
}

async function send(
  requestId: string,
  o: { connectionId: string; projectId: string; messages: ReturnType<typeof buildAssistanceMessages>['messages']; slotWaitMs: number },
): Promise<AssistanceAnswerView> {
  const pool = getPgPool();
  const fail = async (kind: keyof typeof FAILURE_WORDS, extra = '') => {
    const { rows } = await pool.query<AnswerViewRow>(
      `UPDATE assistance_requests q SET status = 'FAILED', "errorKind" = $2, "errorMessage" = $3, "answeredAt" = now()
       WHERE q.id = $1 RETURNING ${ANSWER_VIEW_COLUMNS}`,
      [requestId, kind, `${FAILURE_WORDS[kind]}${extra} Try again.`],
    );
    return toAnswerView(rows[0]!);
  };

  let chat: Awaited<ReturnType<typeof getChatTarget>>;
  try {
    chat = await getChatTarget({ connectionId: o.connectionId, projectId: o.projectId });
  } catch (error) {
    log.warn('assistance connection unusable', { requestId, connectionId: o.connectionId, error });
    return fail('connection');
  }
  const { connection, target } = chat;
  await pool.query('UPDATE assistance_requests SET "connectionName" = $2, model = $3 WHERE id = $1', [
    requestId,
    connection.name,
    connection.model,
  ]);
  const leaseId = await takeCallSlot({ limits: { connectionId: connection.id, ...connection }, maxWaitMs: o.slotWaitMs });
  if (!leaseId) return fail('busy');
  try {
    const params = { ...connection.params, max_tokens: connection.params.max_tokens ?? DEFAULT_MAX_TOKENS };
    const answer = await chatCompletion(target, { messages: o.messages, params, signal: AbortSignal.timeout(target.timeoutMs) });
    const { rows } = await pool.query<AnswerViewRow>(
      `UPDATE assistance_requests q SET status = 'ANSWERED', answer = $2, "modelReported" = $3, "promptTokens" = $4, "completionTokens" = $5,
              "finishReason" = $6, "latencyMs" = $7, "answeredAt" = now()
       WHERE q.id = $1 RETURNING ${ANSWER_VIEW_COLUMNS}`,
      [
        requestId,
        redactApiKey(answer.text, target.apiKey),
        answer.model && redactApiKey(answer.model, target.apiKey),
        answer.promptTokens,
        answer.completionTokens,
        answer.finishReason,
        answer.latencyMs,
      ],
    );
    return toAnswerView(rows[0]!);
  } catch (error) {
    if (error instanceof ModelCallError) {
      log.info('assistance request failed', {
        requestId,
        kind: error.kind,
        status: error.status,
        message: redactApiKey(error.message, target.apiKey),
      });
      const wait = error.retryAfterMs ? ` It asks to wait ${Math.ceil(error.retryAfterMs / 1000)} s.` : '';
      return fail(error.kind, wait);
    }
    if ((error as { name?: string }).name === 'TimeoutError' || (error as { name?: string }).name === 'AbortError') return fail('timeout');
    log.error('assistance request broke', { requestId, error });
    return fail('network');
  } finally {
    await releaseCallSlot({ leaseId }).catch(() => undefined);
  }
}
