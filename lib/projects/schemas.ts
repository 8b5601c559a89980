import { z } from 'zod';
import { ZEmail } from '@/lib/auth/schemas';

export const ZProjectId = z.uuid({ message: 'Unknown project' });

const count = (label: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${label} must be a number` })
    .int({ message: `${label} must be a whole number` })
    .min(min, { message: `${label} must be at least ${min}` })
    .max(max, { message: `${label} must be at most ${max}` });

export const ZCreateProject = z
  .object({
    name: z.string().trim().min(1, { message: 'Name is required' }).max(120, { message: 'Name is too long' }),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .min(2, { message: 'Slug must be at least 2 characters' })
      .max(60, { message: 'Slug must be at most 60 characters' })
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'Use lowercase letters, digits and single dashes' }),
    guidelines: z.string().max(100_000, { message: 'Guidelines are too long (100,000 characters at most)' }).default(''),
    overlap: count('Overlap', 1, 50).default(3),
    minResponses: count('Minimum responses', 2, 9).default(2),
    maxResponses: count('Maximum responses', 2, 9).default(9),
  })
  .refine((p) => p.minResponses <= p.maxResponses, {
    message: 'Maximum responses must be at least the minimum',
    path: ['maxResponses'],
  });
export type TCreateProject = z.infer<typeof ZCreateProject>;

export const ZAddMember = z.object({ projectId: ZProjectId, email: ZEmail });
export type TAddMember = z.infer<typeof ZAddMember>;

export const ZRemoveMember = z.object({ projectId: ZProjectId, userId: z.uuid({ message: 'Unknown user' }) });
export type TRemoveMember = z.infer<typeof ZRemoveMember>;

// The task settings page (issue 17): the task mix and its limits, and which kinds each member gets.
const ZWeight = z.coerce
  .number()
  .int({ message: 'A weight is a whole number' })
  .min(0, { message: 'A weight is 0 or more' })
  .max(1000, { message: 'A weight is 1000 at most' });

export const ZProjectTaskSettings = z
  .object({
    rankWeight: ZWeight,
    demonstrateWeight: ZWeight,
    /** A checkbox: "on" when ticked, absent otherwise. */
    showResponses: z
      .union([z.boolean(), z.string()])
      .optional()
      .transform((v) => v === true || v === 'on'),
    minLength: z.coerce.number().int().min(1, { message: 'At least 1' }).max(100_000),
    maxLength: z.coerce.number().int().min(1, { message: 'At least 1' }).max(100_000),
    overlap: z.coerce.number().int().min(1, { message: 'At least 1' }).max(20, { message: '20 at most' }),
    perturbWeight: ZWeight,
    detectWeight: ZWeight,
    perturbOverlap: z.coerce
      .number()
      .int({ message: 'A whole number' })
      .min(1, { message: 'At least 1' })
      .max(20, { message: '20 at most' }),
    /** Empty: only responses a lead marked are sources. */
    perturbSourceMinLikert: z
      .union([
        z.literal('').transform(() => null),
        z.null(),
        z.coerce
          .number({ message: 'A number from 1 to 7, or empty' })
          .min(1, { message: 'From 1 to 7, or empty' })
          .max(7, { message: 'From 1 to 7, or empty' }),
      ])
      .default(null),
    detectTrialsPerSource: z.coerce
      .number()
      .int({ message: 'A whole number' })
      .min(4, { message: 'At least 4' })
      .max(400, { message: '400 at most' })
      .refine((n) => n % 4 === 0, { message: 'A multiple of 4 (one trial per cell per round)' }),
    /** Percent of the planted span a highlight must cover. */
    detectMinSpanOverlapPercent: z.coerce
      .number()
      .int({ message: 'A whole number' })
      .min(1, { message: 'At least 1 %' })
      .max(100, { message: '100 % at most' }),
    /** Percent of claims that prefer a gold item when one is open (settings.goldRate × 100); absent: kept as stored (default 10 %). */
    goldRatePercent: z.coerce
      .number({ message: 'A percentage from 0 to 100' })
      .min(0, { message: 'From 0 to 100 %' })
      .max(100, { message: 'From 0 to 100 %' })
      .optional(),
  })
  .refine((v) => v.minLength <= v.maxLength, { message: 'The minimum must not exceed the maximum', path: ['minLength'] })
  .refine((v) => v.rankWeight + v.demonstrateWeight + v.perturbWeight + v.detectWeight > 0, {
    message: 'Enable at least one task kind',
    path: ['rankWeight'],
  });
export type TProjectTaskSettings = z.infer<typeof ZProjectTaskSettings>;

/** Kinds in the task mix a lead can limit a member to; none ticked = every kind. */
export const MIX_KINDS = ['RANK', 'DEMONSTRATE', 'PERTURB', 'DETECT', 'CHAT'] as const;
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
