import { z } from 'zod';
import { ZWorkingLocale } from '@/lib/i18n/working-locale';

const ZAssignmentId = z.uuid({ message: 'Unknown assignment' });
/** Bounds what a request may carry; the project's own min/max length are checked by the server. */
const ZText = z.string().max(100_000, { message: 'A demonstration is 100,000 characters at most' });
const ZActiveMs = z
  .number()
  .int()
  .min(0)
  .max(24 * 60 * 60 * 1000)
  .default(0);

/** Work in progress on a demonstration, kept in assignments.draft. */
export const ZDemonstrationDraft = z.object({ text: ZText.default(''), activeMs: ZActiveMs });
export type TDemonstrationDraft = z.infer<typeof ZDemonstrationDraft>;

export const ZSaveDemonstrationDraft = z.object({ assignmentId: ZAssignmentId, draft: ZDemonstrationDraft });
export type TSaveDemonstrationDraft = z.infer<typeof ZSaveDemonstrationDraft>;

export const ZSubmitDemonstration = z.object({ assignmentId: ZAssignmentId, text: ZText, activeMs: ZActiveMs, locale: ZWorkingLocale });
export type TSubmitDemonstration = z.infer<typeof ZSubmitDemonstration>;

export const ZReviewDemonstration = z.discriminatedUnion('action', [
  z.object({ demonstrationId: z.uuid(), action: z.literal('accept'), note: z.string().trim().max(2000).default('') }),
  z.object({
    demonstrationId: z.uuid(),
    action: z.literal('reject'),
    note: z
      .string()
      .trim()
      .min(1, { message: 'Say why it is rejected: the labeler sees it' })
      .max(2000, { message: 'A reason is 2000 characters at most' }),
  }),
  z.object({
    demonstrationId: z.uuid(),
    action: z.literal('edit'),
    text: z
      .string()
      .trim()
      .min(1, { message: 'The edited text must not be empty' })
      .max(100_000, { message: 'A demonstration is 100,000 characters at most' }),
  }),
]);
export type TReviewDemonstration = z.infer<typeof ZReviewDemonstration>;
