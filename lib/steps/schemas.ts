import { z } from 'zod';
import { ZWorkingLocale } from '@/lib/i18n/working-locale';

/** PRM800K's step ratings and their meanings (shown on the screen, the card and the docs). */
export const STEP_RATINGS = [
  { rating: -1, key: '1', name: 'Negative', meaning: 'wrong or misleading' },
  { rating: 0, key: '2', name: 'Neutral', meaning: 'fine, but no progress' },
  { rating: 1, key: '3', name: 'Positive', meaning: 'correct and useful' },
] as const;
export type StepRating = -1 | 0 | 1;

export const FINAL_ANSWERS = [
  { value: 'CORRECT', name: 'The answer is correct' },
  { value: 'INCORRECT', name: 'The answer is incorrect' },
  { value: 'CANT_TELL', name: "Can't tell" },
] as const;
export type FinalAnswer = (typeof FINAL_ANSWERS)[number]['value'];

export const MAX_STEPS = 200;
const ZAssignmentId = z.uuid({ message: 'Unknown assignment' });
const ZActiveMs = z
  .number()
  .int()
  .min(0)
  .max(24 * 60 * 60 * 1000)
  .default(0);
const ZRating = z.union([z.literal(-1), z.literal(0), z.literal(1)], { message: 'A step is rated -1, 0 or +1' });
const ZFlaw = z.string().max(2000, { message: 'A flaw note is 2000 characters at most' });
const ZFinal = z.enum(['CORRECT', 'INCORRECT', 'CANT_TELL'], {
  message: 'Say whether the answer is correct, incorrect or you cannot tell',
});

/** One stored step label: its rating and, on a negative step, an optional note on the flaw. */
export const ZStepLabel = z.object({ rating: ZRating, flaw: ZFlaw.optional() });
export type TStepLabel = z.infer<typeof ZStepLabel>;
export const ZStepLabels = z.array(ZStepLabel);

/** Work in progress on a steps task (assignments.draft): one entry per step, null while unrated. */
export const ZStepsDraft = z.object({
  ratings: z.array(ZRating.nullable()).max(MAX_STEPS).default([]),
  flaws: z.array(ZFlaw).max(MAX_STEPS).default([]),
  finalAnswer: ZFinal.nullable().default(null),
  activeMs: ZActiveMs,
});
export type TStepsDraft = z.infer<typeof ZStepsDraft>;

export const ZSaveStepsDraft = z.object({ assignmentId: ZAssignmentId, draft: ZStepsDraft });
export type TSaveStepsDraft = z.infer<typeof ZSaveStepsDraft>;

/**
 * A submit: a rating per step in order (null = not rated: refused unless the step lies after the
 * first negative one under "label until the first error"), flaw notes by step, the final verdict.
 */
export const ZSubmitSteps = z.object({
  assignmentId: ZAssignmentId,
  ratings: z.array(ZRating.nullable()).max(MAX_STEPS),
  flaws: z.array(ZFlaw).max(MAX_STEPS).default([]),
  finalAnswer: ZFinal.nullable(),
  activeMs: ZActiveMs,
  locale: ZWorkingLocale,
});
export type TSubmitSteps = z.infer<typeof ZSubmitSteps>;

/** The settings page's steps form: the steps kind's weight in the task mix, how responses are split, "until the first error". */
export const ZStepsSettingsForm = z
  .object({
    projectId: z.string(),
    weight: z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(0).max(1000),
    split: z.enum(['blank_lines', 'numbered_lines'], { message: 'split must be blank_lines or numbered_lines' }),
    untilFirstError: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
    /** Every other kind's weight set to 0 (the task mix form refuses all of its own weights at 0). */
    stepsOnly: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).default(false),
  })
  .refine((v) => !v.stepsOnly || v.weight > 0, { message: 'Give steps a weight above 0 to make it the only kind', path: ['weight'] });
export type TStepsSettingsForm = z.infer<typeof ZStepsSettingsForm>;

/**
 * A lead's step gold (the correct labelling of a steps item's solution): one rating per step in
 * order (null = not rated: refused, as for a labeler, except after the first error under "until
 * the first error"), optional flaw notes, the final verdict. The form posts `rating` and `flaw`
 * once per step, in order ("" = unrated).
 */
export const ZSetStepGold = z.object({
  projectId: z.uuid({ message: 'Unknown project' }),
  itemId: z.uuid({ message: 'Unknown item' }),
  ratings: z.array(ZRating.nullable()).max(MAX_STEPS),
  flaws: z.array(ZFlaw).max(MAX_STEPS).default([]),
  finalAnswer: ZFinal.nullable(),
});
export type TSetStepGold = z.infer<typeof ZSetStepGold>;

const asList = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The item page's step gold form (FormData: repeated `rating` and `flaw`, `finalAnswer`). */
export const ZSetStepGoldForm = z.preprocess((raw) => {
  const o = (raw ?? {}) as Record<string, unknown>;
  return {
    projectId: o.projectId,
    itemId: o.itemId,
    ratings: asList(o.rating).map((r) => (r === '' || r === null ? null : Number(r))),
    flaws: asList(o.flaw),
    finalAnswer: o.finalAnswer === '' || o.finalAnswer === undefined ? null : o.finalAnswer,
  };
}, ZSetStepGold);

export const ZClearStepGold = z.object({ projectId: z.uuid({ message: 'Unknown project' }), itemId: z.uuid({ message: 'Unknown item' }) });
export type TClearStepGold = z.infer<typeof ZClearStepGold>;
