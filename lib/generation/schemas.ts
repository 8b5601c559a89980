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
