import { z } from 'zod';

const ZAssignmentId = z.uuid({ message: 'Unknown assignment' });
/** Bounds what a request may carry; the project's own min/max length are checked by the server. */
const ZText = z.string().max(100_000, { message: 'A demonstration is 100,000 characters at most' });
const ZActiveMs = z.number().int().min(0).max(24 * 60 * 60 * 1000).default(0);

/** Work in progress on a demonstration, kept in assignments.draft. */
export const ZDemonstrationDraft = z.object({ text: ZText.default(''), activeMs: ZActiveMs });
export type TDemonstrationDraft = z.infer<typeof ZDemonstrationDraft>;

export const ZSaveDemonstrationDraft = z.object({ assignmentId: ZAssignmentId, draft: ZDemonstrationDraft });
export type TSaveDemonstrationDraft = z.infer<typeof ZSaveDemonstrationDraft>;

export const ZSubmitDemonstration = z.object({ assignmentId: ZAssignmentId, text: ZText, activeMs: ZActiveMs });
export type TSubmitDemonstration = z.infer<typeof ZSubmitDemonstration>;

export const ZReviewDemonstration = z.discriminatedUnion('action', [
  z.object({ demonstrationId: z.uuid(), action: z.literal('accept'), note: z.string().trim().max(2000).default('') }),
  z.object({
    demonstrationId: z.uuid(),
    action: z.literal('reject'),
    note: z.string().trim().min(1, { message: 'Say why it is rejected: the labeler sees it' }).max(2000, { message: 'A reason is 2000 characters at most' }),
  }),
  z.object({
    demonstrationId: z.uuid(),
    action: z.literal('edit'),
    text: z.string().trim().min(1, { message: 'The edited text must not be empty' }).max(100_000, { message: 'A demonstration is 100,000 characters at most' }),
  }),
]);
export type TReviewDemonstration = z.infer<typeof ZReviewDemonstration>;

const ZWeight = z.coerce.number().int({ message: 'A weight is a whole number' }).min(0, { message: 'A weight is 0 or more' }).max(1000, { message: 'A weight is 1000 at most' });

export const ZProjectTaskSettings = z.object({
  rankWeight: ZWeight,
  demonstrateWeight: ZWeight,
  /** A checkbox: "on" when ticked, absent otherwise. */
  showResponses: z.union([z.boolean(), z.string()]).optional().transform((v) => v === true || v === 'on'),
  minLength: z.coerce.number().int().min(1, { message: 'At least 1' }).max(100_000),
  maxLength: z.coerce.number().int().min(1, { message: 'At least 1' }).max(100_000),
  overlap: z.coerce.number().int().min(1, { message: 'At least 1' }).max(20, { message: '20 at most' }),
  perturbWeight: ZWeight,
  detectWeight: ZWeight,
  perturbOverlap: z.coerce.number().int({ message: 'A whole number' }).min(1, { message: 'At least 1' }).max(20, { message: '20 at most' }),
  /** Empty: only responses a lead marked are sources. */
  perturbSourceMinLikert: z
    .union([z.literal('').transform(() => null), z.null(), z.coerce.number({ message: 'A number from 1 to 7, or empty' }).min(1, { message: 'From 1 to 7, or empty' }).max(7, { message: 'From 1 to 7, or empty' })])
    .default(null),
  detectTrialsPerSource: z.coerce
    .number()
    .int({ message: 'A whole number' })
    .min(4, { message: 'At least 4' })
    .max(400, { message: '400 at most' })
    .refine((n) => n % 4 === 0, { message: 'A multiple of 4 (one trial per cell per round)' }),
  /** Percent of the planted span a highlight must cover. */
  detectMinSpanOverlapPercent: z.coerce.number().int({ message: 'A whole number' }).min(1, { message: 'At least 1 %' }).max(100, { message: '100 % at most' }),
  /** Percent of claims that prefer a gold item when one is open (settings.goldRate × 100); absent: kept as stored (default 10 %). */
  goldRatePercent: z.coerce.number({ message: 'A percentage from 0 to 100' }).min(0, { message: 'From 0 to 100 %' }).max(100, { message: 'From 0 to 100 %' }).optional(),
}).refine((v) => v.minLength <= v.maxLength, { message: 'The minimum must not exceed the maximum', path: ['minLength'] })
  .refine((v) => v.rankWeight + v.demonstrateWeight + v.perturbWeight + v.detectWeight > 0, { message: 'Enable at least one task kind', path: ['rankWeight'] });
export type TProjectTaskSettings = z.infer<typeof ZProjectTaskSettings>;

/** Kinds in the task mix a lead can limit a member to; none ticked = every kind. */
export const MIX_KINDS = ['RANK', 'DEMONSTRATE', 'PERTURB', 'DETECT'] as const;
export const ZSetMemberKinds = z.object({
  userId: z.uuid({ message: 'Unknown member' }),
  kinds: z
    .union([z.enum(MIX_KINDS), z.array(z.enum(MIX_KINDS))])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? [...new Set(v)] : [v])),
});
export type TSetMemberKinds = z.infer<typeof ZSetMemberKinds>;

/**
 * The task settings page's one form (issue 17): the settings above plus every member's task
 * kinds, sent as a hidden `member` field per member and their ticked `kinds:<userId>` boxes.
 */
export const ZTaskSettingsForm = z.preprocess(
  (raw) => {
    if (typeof raw !== 'object' || raw === null) return raw;
    const fields = raw as Record<string, unknown>;
    const members = ([] as unknown[]).concat(fields.member ?? []).map(String);
    return { ...fields, memberKinds: members.map((userId) => ({ userId, kinds: fields[`kinds:${userId}`] })) };
  },
  ZProjectTaskSettings.and(z.object({ memberKinds: z.array(ZSetMemberKinds).max(10_000).default([]) })),
);
export type TTaskSettingsForm = z.infer<typeof ZTaskSettingsForm>;
