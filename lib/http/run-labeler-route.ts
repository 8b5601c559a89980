import 'server-only';
import type { z } from 'zod';
import { accessRefusal, labelerAccessGuard, readLabelerSession, requireLabelerAccess } from '@/lib/auth/require-labeler-access';
import type { Guard } from '@/lib/db';
import { AppError, isAppError } from '@/lib/errors';
import { isCrossOrigin } from '@/lib/http/is-cross-origin';
import { readJsonBody } from '@/lib/http/read-json-body';
import { log } from '@/lib/log';

/** Submits with 9 ratings of 20 long flaw notes each stay well under this. */
const MAX_BODY_BYTES = 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a labeler route reads of its request: a Web Request (App Router) and the node:http request of the
 * lane (lib/labeler-api/handle-labeler-lane.ts) both give it. `body` is the raw body, read up to 1 MiB (413 beyond).
 */
export type LabelerRequest = {
  method: string;
  url: string;
  headers: { get(name: string): string | null };
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null;
};

/** A labeler route's answer: status and JSON body, sent with LABELER_RESPONSE_HEADERS (and content-type application/json). */
export type LabelerAnswer = { status: number; body: object };

// no-transform: Next.js would gzip each small JSON answer, which costs more CPU than it saves here.
export const LABELER_RESPONSE_HEADERS = { 'cache-control': 'no-store, no-transform' } as const;

/** The answer as the App Router sends it. */
export const labelerResponse = (answer: LabelerAnswer) =>
  Response.json(answer.body, { status: answer.status, headers: LABELER_RESPONSE_HEADERS });

const json = (status: number, body: object): LabelerAnswer => ({ status, body });

function fieldErrorsOf(error: z.ZodError): { message: string; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[issue.path.join('.') || 'input'] ??= []).push(issue.message);
  const first = error.issues[0];
  return { message: `${first?.path.length ? `${first.path.join('.')}: ` : ''}${first?.message ?? 'Invalid input'}`, fieldErrors };
}

/** Who calls a labeler route: `guard` is set when the handler must run the access check itself (`checksAccess`). */
export type LabelerCaller = { userId: string; guard: Guard | null };

type Options<S extends z.ZodType> = {
  request: LabelerRequest;
  projectId: string;
  /** From the URL: checked to be an id (404 otherwise) and put into the body before parsing. */
  assignmentId?: string;
  /** The body's schema; without one the body is not read. */
  schema?: S;
  /**
   * The handler runs the access check (caller.guard) first in its own transaction's first round trip
   * instead of a separate read before it; refused requests are answered as requireLabelerAccess would.
   */
  checksAccess?: boolean;
  handle: (caller: LabelerCaller, input: z.output<S>) => Promise<object>;
};

/**
 * One request of the labeler JSON API: same origin (403), session and project access (401/404/403),
 * body as JSON (400/413) parsed with `schema` (400 naming the field), then `handle`. Errors are
 * JSON `{error, fieldErrors?}` with AppError's status; anything else is logged and a bare 500.
 * With `checksAccess` the access check is the handler's (its guard), one round trip fewer; a request
 * refused before the handler (a bad id or body) is checked first, so the answer is the same.
 */
export async function runLabelerRoute<S extends z.ZodType>(options: Options<S> & { request: Request }): Promise<Response> {
  return labelerResponse(await answerLabelerRoute(options));
}

/** runLabelerRoute's answer before it is a Response: the App Router and the lane send it each their way. */
export async function answerLabelerRoute<S extends z.ZodType>(options: Options<S>): Promise<LabelerAnswer> {
  const { request, projectId } = options;
  if (isCrossOrigin(request)) return json(403, { error: 'Requests from another site are refused' });
  try {
    const session = await readLabelerSession(request);
    // Guarded only with a project id that is an id: anything else is refused by the full check.
    const guarded = options.checksAccess === true && UUID.test(projectId);
    let checked = guarded ? false : Boolean(await requireLabelerAccess({ request, projectId }));
    // The access answer comes before any answer about the request itself (401 before 404 or 400).
    const checkAccess = async () => {
      if (!checked) checked = Boolean(await requireLabelerAccess({ request, projectId }));
    };
    if (options.assignmentId !== undefined && !UUID.test(options.assignmentId)) {
      await checkAccess();
      throw new AppError('NOT_FOUND', 'No such task');
    }
    let input: unknown;
    if (options.schema) {
      const body = await readJsonBody(request, MAX_BODY_BYTES).catch(async (error: unknown) => {
        await checkAccess();
        throw error;
      });
      const parsed = options.schema.safeParse(options.assignmentId === undefined ? body : { ...body, assignmentId: options.assignmentId });
      if (!parsed.success) {
        await checkAccess();
        const { message, fieldErrors } = fieldErrorsOf(parsed.error);
        return json(400, { error: message, fieldErrors });
      }
      input = parsed.data;
    }
    const caller = { userId: session.userId, guard: checked ? null : labelerAccessGuard(session, projectId) };
    return json(200, await options.handle(caller, input as z.output<S>));
  } catch (error) {
    const refusal = isAppError(error) ? error : accessRefusal(error);
    if (refusal)
      return json(refusal.status, { error: refusal.message, ...(refusal.fieldErrors ? { fieldErrors: refusal.fieldErrors } : {}) });
    log.error('labeler API failed', { error, path: new URL(request.url).pathname });
    return json(500, { error: 'Something went wrong on our side. Nothing was saved; please try again.' });
  }
}
