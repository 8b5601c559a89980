import 'server-only';
import { getTranslations } from 'next-intl/server';
import type { z } from 'zod';
import { runJsonAction } from '@/lib/forms/run-json-action';
import { SERVER_ERRORS_CATALOGUE, translateServerError } from '@/lib/i18n/server-errors';
import type { ActionResult } from '@/lib/tasks/task-view';

/**
 * A labeler action's result with its error in the request's locale (issue 31): the domain's English
 * messages are translated here, on the server, so the screens show what they receive. Field errors
 * stay as they are (the screens show the one error).
 */
export async function localizeResult<T>(result: ActionResult<T>): Promise<ActionResult<T>> {
  if (result.ok) return result;
  const t = await getTranslations(SERVER_ERRORS_CATALOGUE.namespace);
  return { ...result, error: translateServerError(result.error, (key, values) => t(key, values)) };
}

/** runJsonAction (lib/forms/run-json-action.ts) whose error is in the labeler's language. */
export async function runLocalizedJsonAction<S extends z.ZodType, T extends object>(
  schema: S,
  input: unknown,
  fn: (input: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  return localizeResult(await runJsonAction(schema, input, fn));
}
