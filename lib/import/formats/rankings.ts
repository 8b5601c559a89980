import { z } from 'zod';
import type { ImportItem, ImportLabel, RowError, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

const ZId = z
  .union(
    [
      z.string().trim().min(1, { message: 'Id must not be empty' }).max(200, { message: 'Id is longer than 200 characters' }),
      z.number().int(),
    ],
    { message: 'Id must be a string or an integer' },
  )
  .transform(String);
const ZMessage = z.object({
  role: z.enum(['system', 'user', 'assistant'], { message: 'Role must be "system", "user" or "assistant"' }),
  content: z.string({ message: 'Message content must be a string' }),
});
const ZGroups = z.array(z.array(ZId, { message: 'A tie group is a list of response ids' }), {
  message: 'A ranking is a list of tie groups of response ids',
});

export const ZRankingsRow = z.looseObject({
  item_id: ZId,
  messages: z.array(ZMessage, { message: 'Messages must be a list of {role, content}' }),
  responses: z.array(
    z.looseObject({
      id: ZId,
      text: z.string({ message: 'Response text must be a string' }),
      model: z.string({ message: 'Model must be a string' }).nullish(),
    }),
    {
      message: 'Responses must be a list of {id, text, model}',
    },
  ),
  judgments: z.array(
    z.looseObject({
      labeler: z.string({ message: 'Labeler must be a string' }).nullish(),
      ranking: ZGroups,
      all_unacceptable: z.boolean({ message: 'all_unacceptable must be true or false' }).optional(),
    }),
    { message: 'Judgments must be a list of {labeler, ranking, all_unacceptable}' },
  ),
});

/** Columns the export computes from the rest (consensus, split) or that become labels (judgments): not kept as metadata. */
const DERIVED = new Set(['consensus', 'split', 'judgments']);

/**
 * Our own "rankings" export read back (a full round trip): one item per row with its ids, the
 * responses (id, text, model) and every judgment as an imported label (ranking or all
 * unacceptable), one imported labeler per labeler pseudonym. What a judgment holds besides its
 * ranking (Likert, flags, timings) is not imported; consensus and split are recomputed by the
 * export; is_gold and adjudicated stay in the item's metadata.
 */
export function rankingsParser(rules: ImportRules): RowParser {
  return {
    push(line, row) {
      const parsed = ZRankingsRow.safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const { item_id, messages, responses, judgments, ...rest } = parsed.data;
      const ids = new Set(responses.map((r) => r.id));
      const errors: RowError[] = [];
      const labels: ImportLabel[] = judgments.map((j, i) => {
        const ranked = j.ranking.flat();
        const unknown = ranked.filter((id) => !ids.has(id));
        if (unknown.length)
          errors.push({
            line,
            path: `judgments[${i}].ranking`,
            message: `Unknown response id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
          });
        if (new Set(ranked).size !== ranked.length)
          errors.push({ line, path: `judgments[${i}].ranking`, message: 'A response is ranked more than once' });
        if (j.all_unacceptable && ranked.length > 0)
          errors.push({ line, path: `judgments[${i}].ranking`, message: 'An all-unacceptable judgment has an empty ranking' });
        return j.all_unacceptable
          ? { worker: j.labeler ?? null, ranking: [], allUnacceptable: true }
          : { worker: j.labeler ?? null, ranking: j.ranking };
      });
      const item: ImportItem = {
        line,
        externalId: item_id,
        messages,
        responses: responses.map(({ id, text, model, ...extra }) => ({ externalId: id, modelId: model ?? null, text, metadata: extra })),
        metadata: Object.fromEntries(Object.entries(rest).filter(([k]) => !DERIVED.has(k))),
        goldRanking: null,
        labels,
      };
      errors.push(...validateItem(item, rules, {}, { responses: true }));
      return errors.length ? { items: [], critiques: [], errors } : { items: [item], critiques: [], errors: [] };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
