import { z } from 'zod';
import { ZWorkingLocale } from '@/lib/i18n/working-locale';
import type { FlawCategory } from '@/generated/prisma/enums';

/** The planted flaw's categories as forms and files spell them (PRODUCT §3.3); stored upper-case. */
export const FLAW_CATEGORIES = ['accuracy', 'coverage', 'coherence', 'harmful', 'other'] as const;
export type TFlawCategory = (typeof FLAW_CATEGORIES)[number];
export const toFlawCategory = (c: TFlawCategory): FlawCategory => c.toUpperCase() as FlawCategory;

export const MAX_PERTURB_TEXT = 100_000;
const ZAssignmentId = z.uuid({ message: 'Unknown assignment' });
const ZActiveMs = z
  .number()
  .int()
  .min(0)
  .max(24 * 60 * 60 * 1000)
  .default(0);
const ZFlawedText = z
  .string()
  .max(MAX_PERTURB_TEXT, { message: `The flawed text is ${MAX_PERTURB_TEXT.toLocaleString('en')} characters at most` });

/** Work in progress on a perturbation, kept in assignments.draft: every field may still be empty. */
export const ZPerturbationDraft = z.object({
  text: ZFlawedText.default(''),
  description: z.string().max(4000).default(''),
  category: z.union([z.enum(FLAW_CATEGORIES), z.literal('')]).default(''),
  severity: z.number().int().min(1).max(4).nullable().default(null),
  missableBecause: z.string().max(4000).default(''),
  activeMs: ZActiveMs,
});
export type TPerturbationDraft = z.infer<typeof ZPerturbationDraft>;

export const ZSavePerturbationDraft = z.object({ assignmentId: ZAssignmentId, draft: ZPerturbationDraft });
export type TSavePerturbationDraft = z.infer<typeof ZSavePerturbationDraft>;

/** What a planted flaw is said to be: shared by the perturb screen's submit and perturbation files. */
export const ZFlawFields = z.object({
  description: z
    .string({ message: 'Say what the flaw is' })
    .trim()
    .min(1, { message: 'Say what the flaw is' })
    .max(4000, { message: 'The description is 4000 characters at most' }),
  category: z.enum(FLAW_CATEGORIES, { message: `The category is one of ${FLAW_CATEGORIES.join(', ')}` }),
  severity: z.coerce
    .number({ message: 'The severity is a whole number from 1 to 4' })
    .int({ message: 'The severity is a whole number from 1 to 4' })
    .min(1, { message: 'The severity is a whole number from 1 to 4' })
    .max(4, { message: 'The severity is a whole number from 1 to 4' }),
  missableBecause: z
    .string({ message: 'Say why a careful reader could miss it' })
    .trim()
    .min(1, { message: 'Say why a careful reader could miss it' })
    .max(4000, { message: 'The reason is 4000 characters at most' }),
});

export const ZSubmitPerturbation = ZFlawFields.extend({
  assignmentId: ZAssignmentId,
  flawedText: ZFlawedText,
  activeMs: ZActiveMs,
  locale: ZWorkingLocale,
});
export type TSubmitPerturbation = z.infer<typeof ZSubmitPerturbation>;

export const ZReviewPerturbation = z.discriminatedUnion(
  'action',
  [
    z.object({
      perturbationId: z.uuid({ message: 'Unknown perturbation' }),
      action: z.literal('accept'),
      note: z.string().trim().max(2000, { message: 'A note is 2000 characters at most' }).default(''),
    }),
    z.object({
      perturbationId: z.uuid({ message: 'Unknown perturbation' }),
      action: z.literal('reject'),
      note: z
        .string()
        .trim()
        .min(1, { message: 'Say why it is rejected: the labeler sees it' })
        .max(2000, { message: 'A reason is 2000 characters at most' }),
    }),
  ],
  { error: 'The action is accept or reject' },
);
export type TReviewPerturbation = z.infer<typeof ZReviewPerturbation>;

/** A lead marks (or unmarks) a response as a source to plant flaws in. A checkbox: "on" when ticked. */
export const ZSetPerturbSource = z.object({
  responseId: z.uuid({ message: 'Unknown response' }),
  source: z
    .union([z.boolean(), z.enum(['on', 'true', '1', 'off', 'false', '0'], { message: 'source is on or off' })])
    .transform((v) => v === true || v === 'on' || v === 'true' || v === '1'),
});
export type TSetPerturbSource = z.infer<typeof ZSetPerturbSource>;
