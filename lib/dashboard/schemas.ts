import { z } from 'zod';
import { collectRankFields, ranksToTieGroups, ZGoldRanking, ZItemId, ZRank, ZResponseId } from '@/lib/items/schemas';
import { ZProjectId } from '@/lib/projects/schemas';
import { ZUserId } from '@/lib/users/schemas';

/**
 * A lead's verdict on an item: a reference ranking (tie groups of every response, best first), or
 * "invalid" (no ranking), with an optional note.
 */
export const ZAdjudicateItem = z
  .object({
    projectId: ZProjectId,
    itemId: ZItemId,
    ranking: ZGoldRanking.nullable().default(null),
    invalid: z.boolean().default(false),
    note: z.string().trim().max(2000, { message: 'Keep the note under 2,000 characters' }).default(''),
  })
  .refine((v) => v.invalid !== (v.ranking !== null), { message: 'Give a reference ranking, or mark the item invalid', path: ['ranking'] });
export type TAdjudicateItem = z.infer<typeof ZAdjudicateItem>;
/** What callers pass (ranking, invalid and note have defaults). */
export type TAdjudicateItemInput = z.input<typeof ZAdjudicateItem>;

export const ZSetMemberPaused = z.object({ projectId: ZProjectId, userId: ZUserId, paused: z.boolean() });
export type TSetMemberPaused = z.infer<typeof ZSetMemberPaused>;

export const ZSetMemberExcluded = z.object({ projectId: ZProjectId, userId: ZUserId, excluded: z.boolean() });
export type TSetMemberExcluded = z.infer<typeof ZSetMemberExcluded>;

// Forms post strings; these parse them into the inputs above.
const ZFormBoolean = z.enum(['true', 'false'], { message: 'Choose yes or no' }).transform((v) => v === 'true');

/** The labelers table's pause / resume button. */
export const ZSetMemberPausedForm = z.object({ projectId: ZProjectId, userId: ZUserId, paused: ZFormBoolean });

/** The labelers table's exclude / include button. */
export const ZSetMemberExcludedForm = z.object({ projectId: ZProjectId, userId: ZUserId, excluded: ZFormBoolean });

const ZAdjudicationNote = z.string().trim().max(2000, { message: 'Keep the note under 2,000 characters' }).default('');

/**
 * The adjudication form: `verdict` = "ranking" with one `ranks.<responseId>` field per response
 * (1 = best, equal numbers tie, as in the gold editor), or "invalid" (ranks ignored); a note.
 */
export const ZAdjudicateItemForm = z
  .preprocess(
    collectRankFields,
    z.discriminatedUnion(
      'verdict',
      [
        z.object({
          verdict: z.literal('ranking'),
          projectId: ZProjectId,
          itemId: ZItemId,
          ranks: z.record(ZResponseId, ZRank).refine((r) => Object.keys(r).length > 0, { message: 'Rank the responses' }),
          note: ZAdjudicationNote,
        }),
        z.object({ verdict: z.literal('invalid'), projectId: ZProjectId, itemId: ZItemId, note: ZAdjudicationNote }),
      ],
      { error: 'Choose a reference ranking or "item invalid"' },
    ),
  )
  .transform((v): TAdjudicateItem => ({
    projectId: v.projectId,
    itemId: v.itemId,
    ranking: v.verdict === 'ranking' ? ranksToTieGroups(v.ranks) : null,
    invalid: v.verdict === 'invalid',
    note: v.note,
  }));

export const DISAGREEMENT_FILTERS = ['open', 'adjudicated', 'all'] as const;

// Search parameters come from the address bar: a malformed one falls back, never a 500.
const firstValue = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** The dashboard's address: the disagreement queue's page and filter, `?queue=open&queuePage=2`. */
export const ZDashboardQuery = z.object({
  queue: z.preprocess(firstValue, z.enum(DISAGREEMENT_FILTERS)).catch('open'),
  queuePage: z.preprocess(firstValue, z.coerce.number().int().min(1).max(1_000_000)).catch(1),
});
export type TDashboardQuery = z.infer<typeof ZDashboardQuery>;
