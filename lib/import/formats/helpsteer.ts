import { z } from 'zod';
import { deriveId } from '@/lib/import/derive-id';
import { IMPORTED_SCORES_KEY } from '@/lib/import/formats/trl';
import type { ImportItem, ParseResult, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

export const HELPSTEER_ATTRIBUTES = ['helpfulness', 'correctness', 'coherence', 'complexity', 'verbosity'] as const;
const attribute = (name: string) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `Missing "${name}"` : `"${name}" must be a number from 0 to 4`) })
    .min(0, { message: `"${name}" must be from 0 to 4` })
    .max(4, { message: `"${name}" must be from 0 to 4` });

export const ZHelpSteerRow = z.looseObject({
  prompt: z.string({ error: (issue) => (issue.input === undefined ? 'Missing "prompt"' : 'Prompt must be a string') }),
  response: z.string({ error: (issue) => (issue.input === undefined ? 'Missing "response"' : 'Response must be a string') }),
  ...Object.fromEntries(HELPSTEER_ATTRIBUTES.map((a) => [a, attribute(a)])),
});

/**
 * HelpSteer2-style rows, one per response: `prompt`, `response` and the five attributes rated
 * 0–4 (helpfulness, correctness, coherence, complexity, verbosity). Rows with the same prompt
 * merge into one item (emitted by finish(), as summarize does); each response keeps its attributes
 * as imported scores (metadata `imported_scores`) with any other fields. No label is made: the
 * ratings are per response, not a preference. The prompt is one user message, verbatim (HelpSteer2's
 * multi-turn prompts keep their "<extra_id_1>" turn markers as text).
 */
export function helpSteerParser(rules: ImportRules): RowParser {
  const prompts = new Map<string, ImportItem>();
  return {
    push(line, row) {
      const parsed = ZHelpSteerRow.safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const { prompt, response, ...rest } = parsed.data as { prompt: string; response: string } & Record<string, unknown>;
      const scores = Object.fromEntries(HELPSTEER_ATTRIBUTES.map((a) => [a, rest[a]]));
      const extra = Object.fromEntries(Object.entries(rest).filter(([k]) => !(HELPSTEER_ATTRIBUTES as readonly string[]).includes(k)));
      let item = prompts.get(prompt);
      if (!item)
        prompts.set(
          prompt,
          (item = {
            line,
            externalId: deriveId('helpsteer', prompt),
            messages: [{ role: 'user', content: prompt }],
            responses: [],
            metadata: {},
            goldRanking: null,
            labels: [],
          }),
        );
      // The same response text twice for a prompt stays two responses (the second id gets "-2").
      const base = deriveId(item.externalId, response);
      const n = item.responses.filter((r) => r.externalId === base || r.externalId.startsWith(`${base}-`)).length;
      item.responses.push({
        externalId: n === 0 ? base : `${base}-${n + 1}`,
        modelId: null,
        text: response,
        metadata: { ...extra, [IMPORTED_SCORES_KEY]: scores },
      });
      return { items: [], critiques: [], errors: [] };
    },
    finish() {
      const out: ParseResult = { items: [], critiques: [], errors: [] };
      for (const item of prompts.values()) {
        const errors = validateItem(item, rules, { responses: 'response' });
        if (errors.length)
          out.errors.push(
            ...errors.map((e) => ({
              ...e,
              path: e.path.startsWith('messages') ? 'prompt' : e.path.replace(/^response\[\d+\]\.text$/, 'response'),
            })),
          );
        else out.items.push(item);
      }
      prompts.clear();
      return out;
    },
  };
}
