import { z } from 'zod';
import { ZSamplingParams } from '@/lib/models/schemas';

export const ZSaveJudgeTemplate = z.object({
  projectId: z.uuid(),
  text: z.string().trim().min(10, 'Write at least a sentence.').max(20_000),
});

/** Which items a judge run labels: every item with responses, those with human labels, or a sample of them. */
export const ZJudgeItemSelection = z.discriminatedUnion('by', [
  z.object({ by: z.literal('all') }),
  z.object({ by: z.literal('labeled') }),
  z.object({ by: z.literal('sample'), size: z.coerce.number().int().min(1).max(100_000), seed: z.number().int().default(1) }),
  z.object({ by: z.literal('items'), itemIds: z.array(z.uuid()).min(1).max(100_000) }),
]);
export type TJudgeItemSelection = z.infer<typeof ZJudgeItemSelection>;

export const ZCreateJudgeJob = z.object({
  projectId: z.uuid(),
  connectionId: z.uuid(),
  /** The judge template version; absent: the latest. */
  templateVersion: z.number().int().min(0).optional(),
  items: ZJudgeItemSelection,
  /** Also ask each item with the order reversed (position consistency). */
  reversed: z.boolean().default(true),
  /** Attempts per task when the answer breaks the rules (invalid JSON, wrong letters, a missing response…). */
  attempts: z.number().int().min(1).max(8).default(3),
  params: ZSamplingParams.default({}),
});
export type TCreateJudgeJob = z.input<typeof ZCreateJudgeJob>;

export const ZCreateDiscriminateJob = z.object({
  projectId: z.uuid(),
  connectionId: z.uuid(),
  /** Discriminator trials per accepted perturbation (each with its own drawn order). */
  trials: z.number().int().min(0).max(20).default(2),
  /** Also ask, for each critique of a flawed variant, whether it points to the planted flaw. */
  checkCritiques: z.boolean().default(true),
  attempts: z.number().int().min(1).max(8).default(3),
  params: ZSamplingParams.default({}),
});
export type TCreateDiscriminateJob = z.input<typeof ZCreateDiscriminateJob>;

/** What the spec of a JUDGE or DISCRIMINATE job holds beyond the generation spec. */
export const ZJudgeJobSpec = z.object({
  connectionIds: z.array(z.string()),
  attempts: z.number().int().default(3),
  taxonomyVersion: z.number().int().default(1),
});

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

/** The judge run form (strings from FormData). */
export const ZJudgeRunForm = z
  .object({
    projectId: z.uuid(),
    connectionId: z.uuid({ message: 'Choose a connection' }),
    templateVersion: z.coerce.number({ message: 'Choose a template version' }).int().min(0),
    items: z.enum(['all', 'labeled', 'sample'], { message: 'Choose which items' }),
    sampleSize: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.coerce.number().int().min(1).max(100_000).optional()),
    reversed: checkbox,
  })
  .refine((v) => v.items !== 'sample' || v.sampleSize !== undefined, { message: 'Give the sample size', path: ['sampleSize'] })
  .transform((v): TCreateJudgeJob => ({
    projectId: v.projectId,
    connectionId: v.connectionId,
    templateVersion: v.templateVersion,
    reversed: v.reversed,
    items: v.items === 'sample' ? { by: 'sample', size: v.sampleSize!, seed: 1 } : { by: v.items },
  }));

export const ZDiscriminateRunForm = z
  .object({
    projectId: z.uuid(),
    connectionId: z.uuid({ message: 'Choose a connection' }),
    trials: z.coerce.number({ message: 'Trials must be a number' }).int().min(0).max(20),
    checkCritiques: checkbox,
  })
  .transform((v): TCreateDiscriminateJob => v);
