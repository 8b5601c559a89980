import { z } from 'zod';
import { ZProjectId } from '@/lib/projects/schemas';
import { isStorableText } from '@/lib/validation/storable';

export const ZItemId = z.uuid({ message: 'Unknown item' });
export const ZResponseId = z.uuid({ message: 'Unknown response' });

export const ITEMS_PAGE_SIZE = 50;
export const ITEM_STATUSES = ['complete', 'in-progress', 'untouched'] as const;
export type TItemStatus = (typeof ITEM_STATUSES)[number];

// Search parameters come from the address bar: a malformed one is dropped, never a 500.
const firstValue = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const optionalText = (max: number) =>
  z
    .preprocess(firstValue, z.string().trim().max(max).optional().refine(isStorableText))
    .transform((v) => (v ? v : undefined))
    .catch(undefined);

/** The item list's filters and page, from `?page=&q=&gold=1&labels=&model=&status=`. */
export const ZItemListQuery = z.object({
  page: z.preprocess(firstValue, z.coerce.number().int().min(1).max(1_000_000)).catch(1),
  q: optionalText(200).optional(),
  gold: z
    .preprocess(firstValue, z.literal('1').optional())
    .transform((v) => v === '1')
    .catch(false),
  labels: z.preprocess(firstValue, z.enum(['with', 'without']).optional()).catch(undefined),
  model: optionalText(200).optional(),
  status: z.preprocess(firstValue, z.enum(ITEM_STATUSES).optional()).catch(undefined),
});
export type TItemListQuery = z.infer<typeof ZItemListQuery>;
export type TItemFilters = Omit<TItemListQuery, 'page'>;

/** A reference ranking: tie groups of internal response ids, best first. */
export const ZGoldRanking = z
  .array(z.array(ZResponseId).min(1, { message: 'A tie group is empty' }))
  .min(1, { message: 'Rank the responses' });
export type TGoldRanking = z.infer<typeof ZGoldRanking>;

export const ZSetItemGold = z.object({ projectId: ZProjectId, itemId: ZItemId, ranking: ZGoldRanking });
export type TSetItemGold = z.infer<typeof ZSetItemGold>;

/** A number typed in a form field: an empty field is missing (not 0), other text is not a number. */
const formNumber = (missing: string, notANumber: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v)) : v),
    z.number({ error: (issue) => (issue.input === undefined ? missing : notANumber) }),
  );

/** One rank typed in a form: a whole number, 1 = best. */
export const ZRank = formNumber('Give this response a rank', 'Rank must be a number').pipe(
  z.number().int({ message: 'Rank must be a whole number' }).min(1, { message: 'Rank must be 1 or more (1 = best)' }),
);

/** Ranks to tie groups: equal ranks tie, lower ranks come first; gaps between ranks do not matter. */
export function ranksToTieGroups(ranks: Record<string, number>): TGoldRanking {
  const byRank = new Map<number, string[]>();
  for (const [responseId, rank] of Object.entries(ranks)) byRank.set(rank, [...(byRank.get(rank) ?? []), responseId]);
  return [...byRank.entries()].sort(([a], [b]) => a - b).map(([, ids]) => ids);
}

const RANK_FIELD = 'ranks.';

/** Gathers the `ranks.<responseId>` fields of a form into one `ranks` object for the schema after it. */
export function collectRankFields(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const out: Record<string, unknown> = { ranks: {} };
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith(RANK_FIELD)) (out.ranks as Record<string, unknown>)[key.slice(RANK_FIELD.length)] = firstValue(value);
    else out[key] = value;
  }
  return out;
}

/**
 * The gold editor's form: one `ranks.<responseId>` field per response (1 = best, equal = tie),
 * parsed into ZSetItemGold. Errors land on `ranks.<responseId>`, next to their input.
 */
export const ZSetItemGoldForm = z
  .preprocess(
    collectRankFields,
    z.object({
      projectId: ZProjectId,
      itemId: ZItemId,
      ranks: z.record(ZResponseId, ZRank).refine((r) => Object.keys(r).length > 0, { message: 'Rank the responses' }),
    }),
  )
  .transform(({ projectId, itemId, ranks }): TSetItemGold => ({ projectId, itemId, ranking: ranksToTieGroups(ranks) }));

export const ZClearItemGold = z.object({ projectId: ZProjectId, itemId: ZItemId });
export type TClearItemGold = z.infer<typeof ZClearItemGold>;

export const PRIORITY_MIN = -1000;
export const PRIORITY_MAX = 1000;

export const ZSetItemPriority = z.object({
  projectId: ZProjectId,
  itemId: ZItemId,
  priority: formNumber('Enter a priority', 'Priority must be a number').pipe(
    z
      .number()
      .int({ message: 'Priority must be a whole number' })
      .min(PRIORITY_MIN, { message: `Priority must be at least ${PRIORITY_MIN}` })
      .max(PRIORITY_MAX, { message: `Priority must be at most ${PRIORITY_MAX}` }),
  ),
});
export type TSetItemPriority = z.infer<typeof ZSetItemPriority>;
