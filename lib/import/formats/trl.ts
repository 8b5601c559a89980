import { z } from 'zod';
import { deriveId } from '@/lib/import/derive-id';
import { occurrenceIds, pairItem } from '@/lib/import/formats/pair-item';
import type { ImportMessage, RowError, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

type Split = { messages: ImportMessage[]; chosen: string; rejected: string };
type Problem = Omit<RowError, 'line'>;
type Side = string | ImportMessage[];

const errorFor =
  (name: string, wrong: string, missing = `Missing "${name}"`): z.core.$ZodErrorMap =>
  (issue) =>
    issue.input === undefined ? missing : wrong;
const ZMessage = z.object({
  role: z.enum(['system', 'user', 'assistant'], { message: 'Role must be "system", "user" or "assistant"' }),
  content: z.string({ message: 'Message content must be a string' }),
});
const text = (name: string) => z.string({ error: errorFor(name, `"${name}" must be a string, as the prompt is`) });
const turns = (name: string) => z.array(ZMessage, { error: errorFor(name, `"${name}" must be a list of {role, content} messages`) });
/** A conversational field: a list of messages, or a plain text (UltraFeedback's string prompt beside message lists); chosen by the value so errors point inside the list. */
const textOrTurns = (name: string, value: unknown) => (typeof value === 'string' ? z.string() : turns(name));
const scores = {
  margin: z.number({ message: 'Margin must be a number' }).optional(),
  score_chosen: z.number({ message: 'Score must be a number' }).optional(),
  score_rejected: z.number({ message: 'Score must be a number' }).optional(),
};

const ZStandardRow = z.looseObject({
  prompt: z.string({
    error: errorFor(
      'prompt',
      'Prompt must be a string',
      'Missing "prompt" (only rows whose chosen and rejected are conversations may leave it out)',
    ),
  }),
  chosen: text('chosen'),
  rejected: text('rejected'),
  ...scores,
});

const conversationalRow = (row: Record<string, unknown>) =>
  z.looseObject({
    prompt: textOrTurns('prompt', row.prompt).optional(),
    chosen: textOrTurns('chosen', row.chosen),
    rejected: textOrTurns('rejected', row.rejected),
    ...scores,
  });

const same = (a: ImportMessage, b: ImportMessage) => a.role === b.role && a.content === b.content;
const asTurns = (side: Side, role: 'user' | 'assistant'): ImportMessage[] => (typeof side === 'string' ? [{ role, content: side }] : side);
const startsWith = (list: ImportMessage[], head: ImportMessage[]) => head.length <= list.length && head.every((m, i) => same(m, list[i]!));

/**
 * Every TRL shape in one rule. The prompt turns (none without a prompt; a text prompt is one user
 * turn) are taken off the front of each completion that repeats them (UltraFeedback binarized);
 * then the turns both completions still share join the conversation (implicit prompt); what is
 * left of each must be one assistant message.
 */
function split(prompt: Side | undefined, chosenSide: Side, rejectedSide: Side): Split | Problem {
  const head = prompt === undefined ? [] : asTurns(prompt, 'user');
  const tails = { chosen: asTurns(chosenSide, 'assistant'), rejected: asTurns(rejectedSide, 'assistant') };
  const offsets = { chosen: 0, rejected: 0 };
  for (const side of ['chosen', 'rejected'] as const) {
    if (head.length > 0 && startsWith(tails[side], head)) {
      tails[side] = tails[side].slice(head.length);
      offsets[side] = head.length;
    }
  }
  let shared = 0;
  while (shared < Math.min(tails.chosen.length, tails.rejected.length) - 1 && same(tails.chosen[shared]!, tails.rejected[shared]!))
    shared += 1;
  const messages = [...head, ...tails.chosen.slice(0, shared)];
  if (messages.length === 0)
    return {
      path: 'chosen',
      message: 'chosen and rejected share no prompt: without "prompt", both must be the same conversation up to a final assistant message',
    };
  for (const side of ['chosen', 'rejected'] as const) {
    const [last, ...more] = tails[side].slice(shared);
    if (prompt !== undefined && (!last || more.length || last.role !== 'assistant'))
      return { path: side, message: `With a "prompt", "${side}" must be a single assistant message` };
    if (more.length)
      return { path: side, message: 'chosen and rejected differ before their final message; only the last assistant message may differ' };
    if (last?.role !== 'assistant')
      return {
        path: `${side}[${offsets[side] + shared}].role`,
        message: `The final message must be from the assistant, not "${last?.role}"`,
      };
  }
  return { messages, chosen: tails.chosen[shared]!.content, rejected: tails.rejected[shared]!.content };
}

const isConversational = (row: unknown) =>
  typeof row === 'object' &&
  row !== null &&
  ['prompt', 'chosen', 'rejected'].some((k) => Array.isArray((row as Record<string, unknown>)[k]));

/** Response metadata key of the scores a dataset gave a response (TRL score_chosen/score_rejected, HelpSteer2 attributes). */
export const IMPORTED_SCORES_KEY = 'imported_scores';

/**
 * TRL preference rows, every shape: standard `{prompt, chosen, rejected}` texts, conversational
 * (lists of `{role, content}`), implicit prompt (two whole conversations sharing a prefix), and
 * UltraFeedback binarized (a text prompt beside conversational completions that repeat it). One
 * item with two responses and the row's preference as a label: chosen over rejected, a tie when
 * `margin` is 0. `score_chosen`/`score_rejected` become each response's imported score
 * (metadata `imported_scores.score`); margin and every other field stay in the item's metadata.
 */
export function trlParser(rules: ImportRules): RowParser {
  const idOf = occurrenceIds();
  return {
    push(line, row) {
      // The shape is chosen first so an error points inside the message list (chosen[1].role).
      const conversational = isConversational(row);
      const parsed = (conversational ? conversationalRow(row as Record<string, unknown>) : ZStandardRow).safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const { prompt, chosen, rejected, score_chosen, score_rejected, ...extra } = parsed.data;
      const result = split(prompt, chosen, rejected);
      if ('path' in result) return { items: [], critiques: [], errors: [{ line, ...result }] };
      if (extra.margin !== undefined && extra.margin < 0) {
        return {
          items: [],
          critiques: [],
          errors: [
            {
              line,
              path: 'margin',
              message: 'The margin is negative, which says rejected is better than chosen: swap them or leave the margin out',
            },
          ],
        };
      }
      const scored = (score: number | undefined) => ({ metadata: score === undefined ? {} : { [IMPORTED_SCORES_KEY]: { score } } });
      const item = pairItem({
        prefix: 'trl',
        line,
        messages: result.messages,
        chosen: { text: result.chosen, ...scored(score_chosen) },
        rejected: { text: result.rejected, ...scored(score_rejected) },
        metadata: extra,
        tie: extra.margin === 0,
        id: idOf(deriveId('trl', result.messages, result.chosen, result.rejected)),
      });
      // validateItem's paths in the row's fields: "messages[1].content" is "prompt[1].content" (or "prompt" for a text prompt).
      const promptField = prompt === undefined ? 'chosen' : 'prompt';
      const rowPath = (path: string) =>
        path.startsWith('responses[1]')
          ? 'rejected'
          : path.startsWith('responses[0]')
            ? 'chosen'
            : !path.startsWith('messages')
              ? ''
              : Array.isArray(prompt ?? chosen)
                ? path.replace('messages', promptField)
                : promptField;
      const errors = validateItem(item, rules, {}, { responses: true }).map((e) => ({ ...e, path: rowPath(e.path) }));
      return errors.length ? { items: [], critiques: [], errors } : { items: [item], critiques: [], errors: [] };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
