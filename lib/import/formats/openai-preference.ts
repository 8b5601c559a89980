import { z } from 'zod';
import { deriveId } from '@/lib/import/derive-id';
import { occurrenceIds, pairItem } from '@/lib/import/formats/pair-item';
import type { ImportMessage, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

/** Message content: a text, or OpenAI's list of content parts whose text parts are joined. */
const ZContent = z
  .union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))], {
    message: 'Message content must be a text or a list of {type: "text", text} parts',
  })
  .transform((c) => (typeof c === 'string' ? c : c.map((part) => part.text ?? '').join('')));
const ZMessage = z.looseObject({
  // OpenAI's "developer" role is what chat models used to call "system".
  role: z
    .enum(['system', 'developer', 'user', 'assistant'], { message: 'Role must be "system", "developer", "user" or "assistant"' })
    .transform((r) => (r === 'developer' ? 'system' : r)),
  content: ZContent,
});
const ZOutput = (name: string) =>
  z
    .array(ZMessage, {
      error: (issue) => (issue.input === undefined ? `Missing "${name}"` : `"${name}" must be a list with one assistant message`),
    })
    .refine((list) => list.length === 1 && list[0]!.role === 'assistant', { message: `"${name}" must hold exactly one assistant message` });

export const ZOpenAiPreferenceRow = z.looseObject({
  input: z.looseObject(
    {
      messages: z.array(ZMessage, {
        error: (issue) =>
          issue.input === undefined ? 'Missing "input.messages"' : '"input.messages" must be a list of {role, content} messages',
      }),
    },
    { error: (issue) => (issue.input === undefined ? 'Missing "input"' : '"input" must be an object with "messages"') },
  ),
  preferred_output: ZOutput('preferred_output'),
  non_preferred_output: ZOutput('non_preferred_output'),
});

const rowPath = (path: string) =>
  path.startsWith('responses[1]')
    ? 'non_preferred_output[0].content'
    : path.startsWith('responses[0]')
      ? 'preferred_output[0].content'
      : path.startsWith('messages')
        ? path.replace('messages', 'input.messages')
        : '';

/**
 * OpenAI preference fine-tuning rows `{input: {messages}, preferred_output, non_preferred_output}`
 * (also what our "openai-dpo" export writes): one item with the two outputs as responses and the
 * preference as a label. Other keys of `input` (tools, parallel_tool_calls) and of the row are kept
 * in the item's metadata; text parts of a content list are joined.
 */
export function openAiPreferenceParser(rules: ImportRules): RowParser {
  const idOf = occurrenceIds();
  return {
    push(line, row) {
      const parsed = ZOpenAiPreferenceRow.safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const { input, preferred_output, non_preferred_output, ...extra } = parsed.data;
      const { messages: rawMessages, ...inputExtra } = input;
      const messages: ImportMessage[] = rawMessages.map((m) => ({ role: m.role, content: m.content }));
      const chosen = preferred_output[0]!.content;
      const rejected = non_preferred_output[0]!.content;
      const metadata = Object.keys(inputExtra).length ? { ...extra, input: inputExtra } : extra;
      const item = pairItem({
        prefix: 'openai',
        line,
        messages,
        chosen,
        rejected,
        metadata,
        id: idOf(deriveId('openai', messages, chosen, rejected)),
      });
      const errors = validateItem(item, rules, {}, { responses: true }).map((e) => ({ ...e, path: rowPath(e.path) }));
      return errors.length ? { items: [], critiques: [], errors } : { items: [item], critiques: [], errors: [] };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
