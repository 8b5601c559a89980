import { z } from 'zod';
import { ZGoldRanking, ZItemId } from '@/lib/items/schemas';
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
