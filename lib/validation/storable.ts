import { z } from 'zod';
import { findUnstorableValue, unstorableTextReason } from '@/lib/validation/find-unstorable-value';

/**
 * Any input, refused (with the path of the offending field) when findUnstorableValue finds a NUL,
 * an unpaired surrogate, nesting past MAX_JSON_DEPTH or a non-finite number anywhere in it.
 */
export const ZStorable = z.unknown().superRefine((value, ctx) => {
  const found = findUnstorableValue(value);
  if (found) ctx.addIssue({ code: 'custom', path: found.path, message: found.message, input: value });
});

/**
 * The same rule for one text where a refusal is not wanted (search filters in a URL): a text that
 * breaks it fails this check, and the filter's `.catch` drops it instead of sending it to a query.
 */
export const isStorableText = (text: string | undefined) => text === undefined || unstorableTextReason(text) === null;

/**
 * `schema` behind the storable-input rule: every entry point (form and JSON actions, the JSON body
 * reader, sign-in, the CLI) parses through this, so the rule is the same for all inputs. The schema
 * never sees a refused input (a pipe stops at the first failing step).
 */
export function storable<S extends z.ZodType>(schema: S) {
  return ZStorable.pipe(schema);
}
