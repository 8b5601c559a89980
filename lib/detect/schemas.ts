import { z } from 'zod';
import { ZWorkingLocale } from '@/lib/i18n/working-locale';

const ZAssignmentId = z.uuid({ message: 'Unknown assignment' });
const ZActiveMs = z
  .number()
  .int()
  .min(0)
  .max(24 * 60 * 60 * 1000)
  .default(0);
const ZOffset = z.number().int({ message: 'must be a whole number' }).min(0, { message: 'must be 0 or more' }).max(10_000_000);
const ZDescription = z.string().trim().max(4000, { message: 'A description is 4000 characters at most' });
const ZSeverity = z.number().int().min(1, { message: 'Severity is 1 to 4' }).max(4, { message: 'Severity is 1 to 4' });
const ZLikert = z.number().int().min(1, { message: 'Quality is 1 to 7' }).max(7, { message: 'Quality is 1 to 7' });
const ZCritiqueMarks = z
  .array(
    z
      .object({ critiqueId: z.uuid({ message: 'Unknown critique' }), helpful: z.boolean({ message: 'helpful must be true or false' }) })
      .strict(),
  )
  .max(50, { message: 'Too many critique marks' });

/** Work in progress on a detect trial, kept in assignments.draft: every field optional. */
export const ZDetectDraft = z.object({
  likert: ZLikert.nullable().default(null),
  saysFlawed: z.boolean().nullable().default(null),
  span: z.object({ start: ZOffset, end: ZOffset }).nullable().default(null),
  description: ZDescription.default(''),
  severity: ZSeverity.nullable().default(null),
  critiqueMarks: ZCritiqueMarks.default([]),
  activeMs: ZActiveMs,
});
export type TDetectDraft = z.infer<typeof ZDetectDraft>;

export const ZSaveDetectDraft = z.object({ assignmentId: ZAssignmentId, draft: ZDetectDraft });
export type TSaveDetectDraft = z.infer<typeof ZSaveDetectDraft>;

/**
 * A detect trial's answers. With saysFlawed the span, a description and a severity are required;
 * without it they must be absent. Whether the span lies inside the shown text and the critique
 * marks name exactly the critiques shown is checked by the server against the trial.
 */
export const ZSubmitDetectTrial = z
  .object({
    assignmentId: ZAssignmentId,
    likert: ZLikert,
    saysFlawed: z.boolean({ message: 'Say whether the response contains a significant flaw' }),
    span: z.object({ start: ZOffset, end: ZOffset }).strict().nullable().default(null),
    description: ZDescription.default(''),
    severity: ZSeverity.nullable().default(null),
    critiqueMarks: ZCritiqueMarks.default([]),
    activeMs: ZActiveMs,
    locale: ZWorkingLocale,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.saysFlawed) {
      if (!v.span) ctx.addIssue({ code: 'custom', path: ['span'], message: 'Select the flawed part of the text' });
      else if (v.span.end <= v.span.start) ctx.addIssue({ code: 'custom', path: ['span'], message: 'The selected span is empty' });
      if (!v.description) ctx.addIssue({ code: 'custom', path: ['description'], message: 'Describe the flaw' });
      if (v.severity === null) ctx.addIssue({ code: 'custom', path: ['severity'], message: 'Choose a severity' });
    } else if (v.span || v.description || v.severity !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['saysFlawed'],
        message: 'A span, description or severity goes only with "yes, it has a flaw"',
      });
    }
  });
export type TSubmitDetectTrial = z.infer<typeof ZSubmitDetectTrial>;

export const ZWouldHaveNoticed = z
  .object({ assignmentId: ZAssignmentId, wouldHaveNoticed: z.boolean({ message: 'Answer yes or no' }) })
  .strict();
export type TWouldHaveNoticed = z.infer<typeof ZWouldHaveNoticed>;

/** A lead's verdict on an ambiguous trial (a form: "confirm" or "deny"). */
export const ZReviewTrial = z.object({
  trialId: z.uuid({ message: 'Unknown trial' }),
  verdict: z.enum(['confirm', 'deny'], { message: 'The verdict is confirm or deny' }),
});
export type TReviewTrial = z.infer<typeof ZReviewTrial>;
