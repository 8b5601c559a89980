import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { log } from '@/lib/log';
import type { ActionResult } from '@/lib/tasks/task-view';
import { storable } from '@/lib/validation/storable';

/**
 * runAction for actions called with a value instead of a form: parse the untrusted input with
 * zod behind the storable-input rule (nothing is written on a failed parse; the message names the field), run, and turn domain
 * errors into a message. Unexpected errors are logged and reported without detail.
 */
export async function runJsonAction<S extends z.ZodType, T extends object>(
  schema: S,
  input: unknown,
  fn: (input: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = storable(schema).safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join('.') || 'input'] ??= []).push(issue.message);
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `${first.path.join('.')}: ` : '';
    return { ok: false, error: `${where}${first?.message ?? 'Invalid input'}`, fieldErrors };
  }
  try {
    return { ok: true, ...(await fn(parsed.data)) };
  } catch (error) {
    unstable_rethrow(error);
    if (isAppError(error)) return { ok: false, error: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
    log.error('action failed', { error });
    return { ok: false, error: 'Something went wrong on our side. Nothing was saved; please try again.' };
  }
}
