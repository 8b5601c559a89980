import { z } from 'zod';
import { deriveId } from '@/lib/import/derive-id';
import { occurrenceIds } from '@/lib/import/formats/pair-item';
import type { ImportItem, ImportMessage, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

const ZMessage = z.object({
  role: z.enum(['system', 'user', 'assistant'], { message: 'Role must be "system", "user" or "assistant"' }),
  content: z.string({ message: 'Message content must be a string' }),
});
const ZRow = z.looseObject({
  prompt: z.union([z.string(), z.array(ZMessage)], {
    error: (i) => (i.input === undefined ? 'Missing "prompt"' : '"prompt" must be a string or a list of {role, content} messages'),
  }),
  completions: z
    .array(z.string({ message: 'Each step must be a string' }), {
      error: (i) => (i.input === undefined ? 'Missing "completions"' : '"completions" must be a list of steps (strings)'),
    })
    .min(1, { message: '"completions" must hold at least one step' }),
  labels: z
    .array(z.boolean({ message: 'Each label must be true or false' }), { message: '"labels" must be a list of true/false' })
    .optional(),
});

/**
 * TRL stepwise-supervision rows (`prompt`, `completions` as the steps, `labels` one boolean per
 * step): the item is the prompt (a text is one user message; a message list as it is) with the
 * steps as its one response (explicit steps; the text is them joined by blank lines). Labels
 * become an IMPORTED step judgment: true → +1, false → −1 (TRL has no neutral). Rows without
 * `labels` import the solution only, to be labelled in the app. Other fields stay in the item's metadata
 * (but item_id, response_id, labeler and split, the columns this app's export adds).
 */
export function trlStepwiseParser(rules: ImportRules): RowParser {
  const idOf = occurrenceIds();
  return {
    push(line, raw) {
      const parsed = ZRow.safeParse(raw);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      // item_id, response_id, labeler and split are the columns this app's trl-stepwise export adds: not the row's data.
      const { prompt, completions, labels, item_id: _i, response_id: _r, labeler: _l, split: _s, ...rest } = parsed.data;
      void [_i, _r, _l, _s];
      if (labels && labels.length !== completions.length)
        return {
          items: [],
          critiques: [],
          errors: [
            { line, path: 'labels', message: `"labels" has ${labels.length} entries for ${completions.length} steps; give one per step` },
          ],
        };
      const messages: ImportMessage[] = typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : prompt;
      const externalId = idOf(deriveId('trl-stepwise', messages, completions));
      const item: ImportItem = {
        line,
        externalId,
        messages,
        responses: [
          {
            externalId: deriveId(externalId, completions),
            modelId: null,
            text: completions.join('\n\n'),
            metadata: { steps: completions },
          },
        ],
        metadata: rest,
        goldRanking: null,
        labels: [],
        ...(labels
          ? {
              stepLabels: [
                { worker: null, labels: labels.map((l) => ({ rating: l ? 1 : -1 }) as const), finishReason: null, durationMs: 0 },
              ],
            }
          : {}),
      };
      const errors = validateItem(item, { ...rules, minResponses: 1 }).map((e) => ({
        ...e,
        path: e.path.startsWith('messages')
          ? e.path.replace('messages', typeof prompt === 'string' ? 'prompt' : 'prompt')
          : e.path.startsWith('responses')
            ? 'completions'
            : e.path,
      }));
      return errors.length ? { items: [], critiques: [], errors } : { items: [item], critiques: [], errors: [] };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
