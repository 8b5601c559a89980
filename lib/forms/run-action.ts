import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { isAppError } from '@/lib/errors';
import type { FormState } from '@/lib/forms/form-state';
import { log } from '@/lib/log';
import { storable } from '@/lib/validation/storable';

/** FormData to a plain object; repeated keys become arrays. */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION')) continue;
    const v = typeof value === 'string' ? value : value.name;
    const prev = out[key];
    out[key] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * The body of every form action after its guard: parse with zod behind the storable-input rule
 * (lib/validation; nothing is written on a failed parse), run, and turn domain errors into field errors. Unexpected errors are logged
 * and reported without detail; Next's redirect/forbidden signals pass through.
 */
export async function runAction<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  fn: (input: z.output<S>) => Promise<FormState | void>,
): Promise<FormState> {
  const parsed = storable(schema).safeParse(formDataToObject(formData));
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.') || 'form';
      (errors[key] ??= []).push(issue.message);
    }
    return { ok: false, message: 'Please fix the highlighted fields.', errors };
  }
  try {
    return (await fn(parsed.data)) ?? { ok: true };
  } catch (error) {
    unstable_rethrow(error);
    if (isAppError(error)) return { ok: false, message: error.message, ...(error.fieldErrors ? { errors: error.fieldErrors } : {}) };
    log.error('action failed', { error });
    return { ok: false, message: 'Something went wrong on our side. Nothing was saved; please try again.' };
  }
}
