import { z } from 'zod';
import { ZAspectAnswers } from '@/lib/aspects/schemas';
import { ZWorkingLocale } from '@/lib/i18n/working-locale';
import { SKIP_REASONS } from '@/lib/taxonomy/skip-reasons';

const ZId = z.uuid({ message: 'Unknown response' });

/** The letters responses are shown under, in the order stored on the assignment (A, B, C…). */
export const RESPONSE_LABELS = 'ABCDEFGHI';

export const FLAW_CATEGORIES = ['accuracy', 'coverage', 'coherence', 'harmful', 'other'] as const;
export { SKIP_REASONS, type TSkipReason } from '@/lib/taxonomy/skip-reasons';

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

/** Warnings the ranking screen shows at submit time (PRODUCT §3.1); none blocks a submit. */
export const RANKING_WARNINGS = ['likert_contradiction', 'shown_order', 'missing_likert'] as const;
export type TRankingWarning = (typeof RANKING_WARNINGS)[number];

export const ZSubmitRanking = z
  .object({
    assignmentId: z.uuid({ message: 'Unknown assignment' }),
    /** Tie groups of response ids, best first; empty when allUnacceptable. */
    ranking: ZRanking,
    allUnacceptable: z.boolean().default(false),
    /**
     * The last tie group is the responses the labeler did not place, declared equal and below the
     * placed ones with "the rest tie below" (one key), not a tie they built response by response.
     */
    restGroupedBelow: z.boolean().default(false),
    ratings: z.array(ZRatingInput).max(9).default([]),
    promptFlags: ZPromptFlags,
    /** Time actively spent, as measured by the client (across reloads: it is kept in the draft). */
    durationMs: z
      .number()
      .int()
      .min(0)
      .max(24 * 3_600_000),
    /**
     * The warnings the screen showed and the labeler submitted through. Absent (API clients, who
     * are shown nothing): the server stores the warnings that apply to the submitted ranking.
     */
    confirmedWarnings: z
      .array(z.enum(RANKING_WARNINGS, { message: `A warning is one of ${RANKING_WARNINGS.join(', ')}` }))
      .max(RANKING_WARNINGS.length)
      .optional(),
    /** Per aspect (issue 27, when the project collects aspects): "same as overall" or an own ranking; every aspect answered. */
    aspects: ZAspectAnswers.optional(),
    /** The locale the screen was rendered in (issue 31); stored on the judgment. */
    locale: ZWorkingLocale,
  })
  .refine((v) => v.allUnacceptable || v.ranking.length > 0, {
    message: 'Rank the responses, or mark them all unacceptable',
    path: ['ranking'],
  })
  .refine((v) => !v.restGroupedBelow || (!v.allUnacceptable && v.ranking.length > 0), {
    message: '"The rest tie below" needs a ranking (and not "all unacceptable")',
    path: ['restGroupedBelow'],
  });
export type TSubmitRanking = z.infer<typeof ZSubmitRanking>;

/**
 * The labeler's work in progress on a ranking task, saved on the server as they work and
 * restored on reload or on another device. The same pieces as a submit, none required yet.
 */
export const ZRankingDraft = z.object({
  ratings: z.array(ZRatingInput).max(9).default([]),
  /** The placed responses as tie groups, best first (empty at the start: nothing is placed). */
  ranking: ZRanking.default([]),
  /**
   * The responses not ranked yet, in the order shown. Absent in drafts saved before placing was
   * explicit (issue 17): their ranking filled unplaced responses in shown order, so it is not restored.
   */
  unranked: z.array(ZId).max(9).optional(),
  /** "The rest tie below": the unranked responses go, tied, below the placed ones at submit. */
  restGroupedBelow: z.boolean().default(false),
  /** Keyboard ranking mode, when on (letters place the next response; tiePending: `=` was pressed). */
  rankMode: z.object({ tiePending: z.boolean() }).nullable().default(null),
  allUnacceptable: z.boolean().default(false),
  promptFlags: ZPromptFlags,
  /** Aspects answered so far (issue 27); an own ranking may still be partial. */
  aspects: ZAspectAnswers.optional(),
  /** Time actively spent so far, in milliseconds. */
  activeMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3_600_000)
    .default(0),
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
