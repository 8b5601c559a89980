import type { AssistanceKind } from '@/lib/projects/settings';

/** One request and its answer as the labeler's screen shows it: no provenance, no model names. */
export type AssistanceAnswerView = {
  id: string;
  clientKey: string;
  kind: AssistanceKind;
  /** The shown letter of the response asked about (ranking), or null (detect: the one text). */
  responseLabel: string | null;
  claim: string | null;
  status: 'PENDING' | 'ANSWERED' | 'FAILED';
  /** Untrusted model text: render as plain text only. */
  answer: string | null;
  /** FAILED: what went wrong, in words. */
  error: string | null;
  requestedAt: string;
  lookMs: number;
};

/** What a task screen receives when assistance is on for its assignment (null otherwise). */
export type AssistanceView = {
  assignmentId: string;
  /** The requests offered (ranking: the project's choice; detect: CRITIQUE only, "ask for more"). */
  kinds: AssistanceKind[];
  /** Earlier requests on this assignment, oldest first (a reload shows them again). */
  requests: AssistanceAnswerView[];
};

export const ANSWER_VIEW_COLUMNS = `q.id, q."clientKey", q.kind::text AS kind, q."responseLabel", q.claim, q.status::text AS status, q.answer,
  q."errorMessage" AS error, q."requestedAt", q."lookMs"`;

export type AnswerViewRow = Omit<AssistanceAnswerView, 'requestedAt'> & { requestedAt: Date };

/** A request still PENDING this long was interrupted (its instance stopped): shown as failed, so the labeler asks again. */
const INTERRUPTED_MS = 5 * 60_000;

export function toAnswerView(r: AnswerViewRow, now = Date.now()): AssistanceAnswerView {
  const interrupted = r.status === 'PENDING' && now - r.requestedAt.getTime() > INTERRUPTED_MS;
  return {
    ...r,
    ...(interrupted ? { status: 'FAILED' as const, error: 'No answer arrived (the request was interrupted). Ask again.' } : {}),
    requestedAt: r.requestedAt.toISOString(),
  };
}
