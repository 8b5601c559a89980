import { z } from 'zod';
import { pairItem } from '@/lib/import/formats/pair-item';
import type { ImportMessage, RowError, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

type Split = { messages: ImportMessage[]; chosen: string; rejected: string };
type Problem = Omit<RowError, 'line'>;
/** A row of either shape: the conversation and two completions (or why not), the other fields, and the field the conversation came from. */
type TrlRow = { split: Split | Problem; extra: Record<string, unknown>; promptField: 'prompt' | 'chosen'; promptIsList: boolean };

const errorFor = (name: string, wrong: string, missing = `Missing "${name}"`): z.core.$ZodErrorMap => (issue) => (issue.input === undefined ? missing : wrong);
const ZMessage = z.object({
  role: z.enum(['system', 'user', 'assistant'], { message: 'Role must be "system", "user" or "assistant"' }),
  content: z.string({ message: 'Message content must be a string' }),
});
const text = (name: string) => z.string({ error: errorFor(name, `"${name}" must be a string, as the prompt is`) });
const turns = (name: string) => z.array(ZMessage, { error: errorFor(name, `"${name}" must be a list of {role, content} messages`) });
const scores = {
  margin: z.number({ message: 'Margin must be a number' }).optional(),
  score_chosen: z.number({ message: 'Score must be a number' }).optional(),
  score_rejected: z.number({ message: 'Score must be a number' }).optional(),
};

const ZStandardRow: z.ZodType<TrlRow> = z
  .looseObject({
    prompt: z.string({ error: errorFor('prompt', 'Prompt must be a string', 'Missing "prompt" (only rows whose chosen and rejected are conversations may leave it out)') }),
    chosen: text('chosen'),
    rejected: text('rejected'),
    ...scores,
  })
  .transform(({ prompt, chosen, rejected, ...extra }) => ({
    split: { messages: [{ role: 'user' as const, content: prompt }], chosen, rejected },
    extra,
    promptField: 'prompt',
    promptIsList: false,
  }));

const ZConversationalRow: z.ZodType<TrlRow> = z
  .looseObject({ prompt: turns('prompt').optional(), chosen: turns('chosen'), rejected: turns('rejected'), ...scores })
  .transform(({ prompt, chosen, rejected, ...extra }) => ({
    split: prompt ? splitExplicit(prompt, chosen, rejected) : splitImplicit(chosen, rejected),
    extra,
    promptField: prompt ? 'prompt' : 'chosen',
    promptIsList: true,
  }));

/** With a prompt, each completion is exactly one assistant message. */
function splitExplicit(messages: ImportMessage[], chosen: ImportMessage[], rejected: ImportMessage[]): Split | Problem {
  const texts = { chosen, rejected };
  for (const side of ['chosen', 'rejected'] as const) {
    const [only, ...more] = texts[side];
    if (!only || more.length || only.role !== 'assistant') return { path: side, message: `With a "prompt", "${side}" must be a single assistant message` };
  }
  return { messages, chosen: chosen[0]!.content, rejected: rejected[0]!.content };
}

/** Implicit prompt: the messages both conversations start with; each must then end in one assistant message. */
function splitImplicit(chosen: ImportMessage[], rejected: ImportMessage[]): Split | Problem {
  let shared = 0;
  const same = (a: ImportMessage, b: ImportMessage) => a.role === b.role && a.content === b.content;
  while (shared < Math.min(chosen.length, rejected.length) - 1 && same(chosen[shared]!, rejected[shared]!)) shared += 1;
  if (shared === 0) return { path: 'chosen', message: 'chosen and rejected share no prompt: without "prompt", both must be the same conversation up to a final assistant message' };
  const tails = { chosen: chosen.slice(shared), rejected: rejected.slice(shared) };
  for (const side of ['chosen', 'rejected'] as const) {
    const [last, ...more] = tails[side];
    if (more.length) return { path: side, message: 'chosen and rejected differ before their final message; only the last assistant message may differ' };
    if (last?.role !== 'assistant') return { path: `${side}[${shared}].role`, message: `The final message must be from the assistant, not "${last?.role}"` };
  }
  return { messages: chosen.slice(0, shared), chosen: tails.chosen[0]!.content, rejected: tails.rejected[0]!.content };
}

const isConversational = (row: unknown) => typeof row === 'object' && row !== null && ['prompt', 'chosen', 'rejected'].some((k) => Array.isArray((row as Record<string, unknown>)[k]));

/**
 * TRL preference rows: standard `{prompt, chosen, rejected}` texts, conversational (lists of
 * `{role, content}`), or implicit prompt (two whole conversations sharing a prefix). One item with
 * two responses and the row's preference as a label; margin/score_chosen/score_rejected and any
 * other fields are kept in the item's metadata under their own names.
 */
export function trlParser(rules: ImportRules): RowParser {
  return {
    push(line, row) {
      // The shape is chosen first so an error points inside the message list (chosen[1].role).
      const parsed = (isConversational(row) ? ZConversationalRow : ZStandardRow).safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const { split, extra, promptField, promptIsList } = parsed.data;
      if ('path' in split) return { items: [], critiques: [], errors: [{ line, ...split }] };
      if (split.chosen === split.rejected) return { items: [], critiques: [], errors: [{ line, path: 'rejected', message: 'chosen and rejected are identical' }] };

      const item = pairItem({ prefix: 'trl', line, messages: split.messages, chosen: split.chosen, rejected: split.rejected, metadata: extra });
      // validateItem's paths in the row's fields: "messages[1].content" is "prompt[1].content" (or "prompt" for a text prompt).
      const rowPath = (path: string) =>
        path.startsWith('responses[1]') ? 'rejected' : path.startsWith('responses[0]') ? 'chosen' : !path.startsWith('messages') ? '' : promptIsList ? path.replace('messages', promptField) : promptField;
      const errors = validateItem(item, rules).map((e) => ({ ...e, path: rowPath(e.path) }));
      return errors.length ? { items: [], critiques: [], errors } : { items: [item], critiques: [], errors: [] };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
