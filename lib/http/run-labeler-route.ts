import 'server-only';
import type { z } from 'zod';
import { requireLabelerAccess, type ProjectLabeler } from '@/lib/auth/require-labeler-access';
import { AppError, isAppError } from '@/lib/errors';
import { isCrossOrigin } from '@/lib/http/is-cross-origin';
import { readJsonBody } from '@/lib/http/read-json-body';
import { log } from '@/lib/log';

/** Submits with 9 ratings of 20 long flaw notes each stay well under this. */
const MAX_BODY_BYTES = 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// no-transform: Next.js would gzip each small JSON answer, which costs more CPU than it saves here.
const json = (status: number, body: object) => Response.json(body, { status, headers: { 'cache-control': 'no-store, no-transform' } });

function fieldErrorsOf(error: z.ZodError): { message: string; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[issue.path.join('.') || 'input'] ??= []).push(issue.message);
  const first = error.issues[0];
  return { message: `${first?.path.length ? `${first.path.join('.')}: ` : ''}${first?.message ?? 'Invalid input'}`, fieldErrors };
}

type Options<S extends z.ZodType> = {
  request: Request;
  projectId: string;
  /** From the URL: checked to be an id (404 otherwise) and put into the body before parsing. */
  assignmentId?: string;
  /** The body's schema; without one the body is not read. */
  schema?: S;
  handle: (labeler: ProjectLabeler, input: z.output<S>) => Promise<object>;
};

/**
 * One request of the labeler JSON API: same origin (403), session and project access (401/404/403),
 * body as JSON (400/413) parsed with `schema` (400 naming the field), then `handle`. Errors are
 * JSON `{error, fieldErrors?}` with AppError's status; anything else is logged and a bare 500.
 */
export async function runLabelerRoute<S extends z.ZodType>(options: Options<S>): Promise<Response> {
  const { request, projectId } = options;
  if (isCrossOrigin(request)) return json(403, { error: 'Requests from another site are refused' });
  try {
    const labeler = await requireLabelerAccess({ request, projectId });
    if (options.assignmentId !== undefined && !UUID.test(options.assignmentId)) throw new AppError('NOT_FOUND', 'No such task');
    let input: unknown;
    if (options.schema) {
      const body = await readJsonBody(request, MAX_BODY_BYTES);
      const parsed = options.schema.safeParse(options.assignmentId === undefined ? body : { ...body, assignmentId: options.assignmentId });
      if (!parsed.success) {
        const { message, fieldErrors } = fieldErrorsOf(parsed.error);
        return json(400, { error: message, fieldErrors });
      }
      input = parsed.data;
    }
    return json(200, await options.handle(labeler, input as z.output<S>));
  } catch (error) {
    if (isAppError(error))
      return json(error.status, { error: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) });
    log.error('labeler API failed', { error, path: new URL(request.url).pathname });
    return json(500, { error: 'Something went wrong on our side. Nothing was saved; please try again.' });
  }
}
