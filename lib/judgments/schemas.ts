import { z } from 'zod';

const ZId = z.uuid({ message: 'Unknown response' });

export const FLAW_CATEGORIES = ['accuracy', 'coverage', 'coherence', 'harmful', 'other'] as const;
export const SKIP_REASONS = ['ambiguous', 'harmful', 'not_my_expertise', 'broken', 'other'] as const;
export type TSkipReason = (typeof SKIP_REASONS)[number];

/** A flaw note on a response: a span of its text (UTF-16 offsets, end exclusive), category, severity, comment. */
export const ZFlaw = z
  .object({
    start: z.number().int().min(0, { message: 'A flaw span starts at 0 or later' }),
    end: z.number().int().min(1, { message: 'A flaw span must not be empty' }),
    category: z.enum(FLAW_CATEGORIES, { message: `A flaw category is one of ${FLAW_CATEGORIES.join(', ')}` }),
    severity: z.number().int().min(1, { message: 'Severity runs from 1 to 4' }).max(4, { message: 'Severity runs from 1 to 4' }),
    comment: z.string().max(2000, { message: 'A flaw comment is 2000 characters at most' }).default(''),
  })
  .refine((f) => f.start < f.end, { message: 'A flaw span must end after it starts', path: ['end'] });
export type TFlaw = z.infer<typeof ZFlaw>;

const likertMessage = { message: 'Likert scores run from 1 to 7' };

export const ZRatingInput = z.object({
  responseId: ZId,
  likert: z.number().int().min(1, likertMessage).max(7, likertMessage).nullable().default(null),
  flags: z.array(z.string().min(1).max(100)).max(50).default([]),
  flaws: z.array(ZFlaw).max(20, { message: 'At most 20 flaw notes per response' }).default([]),
});
export type TRatingInput = z.infer<typeof ZRatingInput>;

const ZRanking = z.array(z.array(ZId).min(1, { message: 'A tie group must not be empty' })).max(9);
const ZPromptFlags = z.array(z.string().min(1).max(100)).max(50).default([]);

export const ZSubmitRanking = z
  .object({
    assignmentId: z.uuid({ message: 'Unknown assignment' }),
    /** Tie groups of response ids, best first; empty when allUnacceptable. */
    ranking: ZRanking,
    allUnacceptable: z.boolean().default(false),
    ratings: z.array(ZRatingInput).max(9).default([]),
    promptFlags: ZPromptFlags,
    /** Time actively spent, as measured by the client (across reloads: it is kept in the draft). */
    durationMs: z.number().int().min(0).max(24 * 3_600_000),
  })
  .refine((v) => v.allUnacceptable || v.ranking.length > 0, { message: 'Rank the responses, or mark them all unacceptable', path: ['ranking'] });
export type TSubmitRanking = z.infer<typeof ZSubmitRanking>;

/**
 * The labeler's work in progress on a ranking task, saved on the server as they work and
 * restored on reload or on another device. The same pieces as a submit, none required yet.
 */
export const ZRankingDraft = z.object({
  ratings: z.array(ZRatingInput).max(9).default([]),
  /** The order on screen: starts as the shown order, one response per group. */
  ranking: ZRanking.default([]),
  /** False until the labeler changes the ranking (the "left in the shown order" warning). */
  rankingTouched: z.boolean().default(false),
  allUnacceptable: z.boolean().default(false),
  promptFlags: ZPromptFlags,
  /** Time actively spent so far, in milliseconds. */
  activeMs: z.number().int().min(0).max(24 * 3_600_000).default(0),
});
export type TRankingDraft = z.infer<typeof ZRankingDraft>;

export const ZSaveDraft = z.object({ assignmentId: z.uuid({ message: 'Unknown assignment' }), draft: ZRankingDraft });
export type TSaveDraft = z.infer<typeof ZSaveDraft>;

export const ZSkipTask = z
  .object({
    assignmentId: z.uuid({ message: 'Unknown assignment' }),
    reason: z.enum(SKIP_REASONS, { message: `A skip reason is one of ${SKIP_REASONS.join(', ')}` }),
    note: z.string().trim().max(1000, { message: 'A note is 1000 characters at most' }).default(''),
  })
  .refine((v) => v.reason !== 'other' || v.note.length > 0, { message: 'Say why, when the reason is "other"', path: ['note'] });
export type TSkipTask = z.infer<typeof ZSkipTask>;
