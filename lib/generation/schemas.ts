import { z } from 'zod';
import { ZItemListQuery } from '@/lib/items/schemas';
import { ZSamplingParams } from '@/lib/models/schemas';

export const DEFAULT_CRITIQUE_TEMPLATE = 'Point out the most important flaws of this answer, quoting the text.';

/** Which prompts a responses job samples for: every item, the item browser's filter, or listed items. */
export const ZPromptSelection = z.discriminatedUnion('by', [
  z.object({ by: z.literal('all') }),
  /** Prompt-only items: waiting for responses, or without any (a prompt-only import). */
  z.object({ by: z.literal('awaiting') }),
  /** The item browser's filters (its address bar: `q`, `gold`, `labels`, `model`, `status`). */
  z.object({ by: z.literal('filter'), filters: ZItemListQuery.omit({ page: true }) }),
  z.object({ by: z.literal('items'), itemIds: z.array(z.uuid()).min(1).max(100_000) }),
]);
export type TPromptSelection = z.infer<typeof ZPromptSelection>;

/** Which texts a critiques job critiques. */
export const ZCritiqueSelection = z.object({
  /** The responses of every item (all), or of the listed ones. */
  responses: z.enum(['none', 'all', 'sources']).default('all'),
  responseIds: z.array(z.uuid()).max(100_000).optional(),
  /** Both texts (original and flawed) of every accepted perturbation. */
  perturbations: z.boolean().default(false),
});
export type TCritiqueSelection = z.infer<typeof ZCritiqueSelection>;

export const ZCreateResponsesJob = z.object({
  projectId: z.uuid(),
  connectionIds: z.array(z.uuid()).min(1).max(9),
  /** Samples per prompt from each connection. */
  samples: z.coerce.number().int().min(1).max(9),
  params: ZSamplingParams.default({}),
  prompts: ZPromptSelection,
});
export type TCreateResponsesJob = z.input<typeof ZCreateResponsesJob>;

export const ZCreateCritiquesJob = z.object({
  projectId: z.uuid(),
  connectionId: z.uuid(),
  /** Critiques per text. */
  samples: z.coerce.number().int().min(1).max(20),
  params: ZSamplingParams.default({}),
  targets: ZCritiqueSelection,
});
export type TCreateCritiquesJob = z.input<typeof ZCreateCritiquesJob>;

/** What a job row's `spec` holds (the request as made). */
export const ZGenerationJobSpec = z.object({
  connectionIds: z.array(z.string()),
  samples: z.number().int(),
  params: ZSamplingParams,
  prompts: ZPromptSelection.optional(),
  targets: ZCritiqueSelection.optional(),
});
export type TGenerationJobSpec = z.infer<typeof ZGenerationJobSpec>;

export const ZSaveCritiqueTemplate = z.object({
  projectId: z.uuid(),
  text: z.string().trim().min(10, 'Write at least a sentence.').max(20_000),
});

// The Generate forms of the Jobs page: strings from FormData to a job's input.
const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess((v) => (v === '' || v === undefined || v === null ? undefined : Number(v)), schema.optional());
const ZFormParams = z.object({
  temperature: optionalNumber(z.number({ message: 'Temperature must be a number' }).min(0).max(2)),
  max_tokens: optionalNumber(z.number({ message: 'Max tokens must be a number' }).int().positive().max(1_000_000)),
  seed: optionalNumber(z.number({ message: 'Seed must be a whole number' }).int()),
});
const paramsOf = (p: z.infer<typeof ZFormParams>) =>
  Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as z.infer<typeof ZSamplingParams>;
const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const ZGenerateResponsesForm = z
  .object({
    projectId: z.uuid(),
    connectionIds: z.preprocess(list, z.array(z.uuid()).min(1, 'Choose at least one connection').max(9)),
    samples: z.coerce.number({ message: 'Samples must be a number' }).int().min(1).max(9),
    prompts: z.enum(['all', 'awaiting', 'filter'], { message: 'Choose which prompts' }),
    q: z.string().trim().max(200).optional(),
  })
  .and(ZFormParams)
  .transform(({ projectId, connectionIds, samples, prompts, q, ...params }) => ({
    projectId,
    connectionIds,
    samples,
    params: paramsOf(params),
    prompts: prompts === 'filter' ? { by: 'filter' as const, filters: { q: q || undefined, gold: false } } : { by: prompts },
  }));

export const ZGenerateCritiquesForm = z
  .object({
    projectId: z.uuid(),
    connectionId: z.uuid({ message: 'Choose a connection' }),
    samples: z.coerce.number({ message: 'Critiques must be a number' }).int().min(1).max(20),
    responses: z.enum(['all', 'sources', 'none']),
    perturbations: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
  })
  .and(ZFormParams)
  .transform(({ projectId, connectionId, samples, responses, perturbations, ...params }) => ({
    projectId,
    connectionId,
    samples,
    params: paramsOf(params),
    targets: { responses, perturbations },
  }));

export const ZJobAction = z.object({ projectId: z.uuid(), jobId: z.uuid({ message: 'Unknown job' }) });
