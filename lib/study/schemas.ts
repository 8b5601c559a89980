import { z } from 'zod';
import { ZProjectId } from '@/lib/projects/schemas';

/** A URL parameter name as panels use them: PROLIFIC_PID, workerId, assignmentId, aid, ... */
const ZParamName = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, { message: 'Letters, digits, _ . - (starting with a letter), at most 64' });
/** An empty form field means "not set". */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const ZCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'Letters, digits, _ and -, at most 64' });

export const ZCreateStudyLink = z
  .object({
    projectId: ZProjectId,
    name: z.string().trim().min(1, { message: 'Give the link a name' }).max(120),
    platform: z.string().trim().min(1, { message: 'Name the platform, e.g. Prolific' }).max(60),
    pidParam: z.preprocess(blank, ZParamName.default('PROLIFIC_PID')),
    // Absent: Prolific's name; an empty field: the link has no such parameter.
    studyParam: z.preprocess(blankToNull, ZParamName.nullable()).default('STUDY_ID'),
    sessionParam: z.preprocess(blankToNull, ZParamName.nullable()).default('SESSION_ID'),
    quotaKind: z.enum(['tasks', 'minutes'], { message: 'Choose tasks or minutes' }),
    quota: z.coerce.number().int({ message: 'A whole number' }).min(1, { message: 'At least 1' }).max(10_000),
    completionCode: ZCode,
    completionUrl: z.preprocess(
      blank,
      z
        .url({ protocol: /^https?$/, message: 'An http(s) URL, e.g. https://app.prolific.com/submissions/complete?cc=CODE' })
        .max(2000)
        .optional(),
    ),
    screenOutCode: z.preprocess(blank, ZCode.optional()),
    screeningGoldCount: z.preprocess(blank, z.coerce.number().int().min(1, { message: 'At least 1' }).max(100).optional()),
    screeningMinAccuracy: z.preprocess(
      blank,
      z.coerce.number().min(0, { message: 'Between 0 and 100' }).max(100, { message: 'Between 0 and 100' }).optional(),
    ),
    timeoutMinutes: z.coerce
      .number()
      .int({ message: 'A whole number' })
      .min(1, { message: 'At least 1' })
      .max(7 * 24 * 60),
  })
  .superRefine((v, ctx) => {
    const names = [v.pidParam, v.studyParam, v.sessionParam].filter(Boolean);
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', path: ['studyParam'], message: 'The three parameter names must differ' });
    if ((v.screeningGoldCount === undefined) !== (v.screeningMinAccuracy === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['screeningGoldCount'],
        message: 'Give both the number of gold items and the accuracy, or neither',
      });
    }
    if (v.screeningGoldCount !== undefined && !v.screenOutCode) {
      ctx.addIssue({ code: 'custom', path: ['screenOutCode'], message: 'Gold screening needs a screen-out code' });
    }
    if (v.quotaKind === 'minutes' && v.timeoutMinutes <= v.quota) {
      ctx.addIssue({ code: 'custom', path: ['timeoutMinutes'], message: 'The timeout must be longer than the minutes quota' });
    }
  });
export type TCreateStudyLink = z.infer<typeof ZCreateStudyLink>;

export const ZMarkParticipantReturned = z.object({
  projectId: ZProjectId,
  participantId: z.uuid({ message: 'Unknown participant' }),
});
export type TMarkParticipantReturned = z.infer<typeof ZMarkParticipantReturned>;

/** One platform id as it arrives in the URL: printable, no spaces, bounded. */
export const ZPlatformId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.:@-]{1,128}$/, { message: 'must be 1–128 letters, digits or _ . : @ -' });

export const ZSetStudyLinkOpen = z.object({
  projectId: ZProjectId,
  linkId: z.uuid({ message: 'Unknown study link' }),
  open: z.enum(['true', 'false']).transform((v) => v === 'true'),
});
export type TSetStudyLinkOpen = z.infer<typeof ZSetStudyLinkOpen>;
