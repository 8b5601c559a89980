import { z } from 'zod';
import { DEFAULT_ASPECTS, ZAspectSettings } from '@/lib/aspects/schemas';

/** The requests the Assistant panel can offer (issue 25), as the assistance_requests kind stores them. */
export const ASSISTANCE_KINDS = ['CRITIQUE', 'EXPLAIN', 'FACT_CHECK', 'SUMMARY'] as const;
export type AssistanceKind = (typeof ASSISTANCE_KINDS)[number];
import { CHAT_SETTINGS_DEFAULT, ZChatSettings } from '@/lib/projects/chat-settings';
import { DEFAULT_LOCALE, LOCALES } from '@/lib/i18n/locales';
import { PAY_SETTINGS_DEFAULT, ZPaySettings } from '@/lib/projects/pay-settings';

/** Project settings kept in projects.settings (JSON), with their defaults. */
export const ZProjectSettings = z.object({
  /** Minutes an assignment is held before its slot returns to the pool (PRODUCT §4). */
  leaseMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  /** Share of claims that prefer a gold item, when one is available. */
  goldRate: z.number().min(0).max(1).default(0.1),
  /** Version of the flag taxonomy new assignments record. */
  taxonomyVersion: z.number().int().min(1).default(1),
  /** The demonstrate task (PRODUCT §3.2). Its overlap is its own; the slot trigger reads it too. */
  demonstrate: z
    .object({
      /** Show the model responses for reference (never their model ids). */
      showResponses: z.boolean().default(false),
      minLength: z.number().int().min(1).max(100_000).default(1),
      maxLength: z.number().int().min(1).max(100_000).default(20_000),
      overlap: z.number().int().min(1).max(20).default(1),
    })
    .refine((d) => d.minLength <= d.maxLength, { message: 'The minimum length must not exceed the maximum', path: ['minLength'] })
    .default({ showResponses: false, minLength: 1, maxLength: 20_000, overlap: 1 }),
  /** The perturb task (PRODUCT §3.3). Its overlap (perturbations per item) is its own; the slot trigger reads it too. */
  perturb: z
    .object({
      overlap: z.number().int().min(1).max(20).default(1),
      /**
       * When the item has no response a lead marked as a source: the lowest mean Likert score (from
       * submitted rankings) that makes a response a source. Null: only marked responses are sources.
       */
      sourceMinLikert: z.number().min(1).max(7).nullable().default(6),
    })
    .default({ overlap: 1, sourceMinLikert: 6 }),
  /** The detect task (PRODUCT §3.4). */
  detect: z
    .object({
      /** Trials per accepted perturbation, a multiple of 4 (one per cell per round); the trial slot trigger reads it too. */
      trialsPerSource: z.number().int().min(4).max(400).multipleOf(4).default(4),
      /** A highlighted span counts as finding the planted flaw when it covers at least this share of the planted span. */
      minSpanOverlap: z.number().min(0.01).max(1).default(0.3),
    })
    .default({ trialsPerSource: 4, minSpanOverlap: 0.3 }),
  /** Relative weights of the task kinds a claim picks from; 0 disables a kind. Ranking only by default. */
  taskMix: z
    .object({
      rank: z.number().int().min(0).max(1000).default(1),
      demonstrate: z.number().int().min(0).max(1000).default(0),
      perturb: z.number().int().min(0).max(1000).default(0),
      detect: z.number().int().min(0).max(1000).default(0),
      steps: z.number().int().min(0).max(1000).default(0),
      chat: z.number().int().min(0).max(1000).default(0),
    })
    .default({ rank: 1, demonstrate: 0, perturb: 0, detect: 0, steps: 0, chat: 0 }),
  /** The chat task (issue 26): live battles between anonymous models (lib/chat/settings.ts). */
  chat: ZChatSettings.default(CHAT_SETTINGS_DEFAULT),
  /**
   * Assistance while labeling (issue 25, lib/assist): off by default. The connection is a model
   * connection the project may use; `kinds` the requests the Assistant panel offers; `randomize`
   * draws an assisted or unassisted arm per assignment, balanced per labeler in blocks of two.
   * An invalid stored value turns assistance off rather than resetting the other settings.
   */
  assistance: z
    .object({
      enabled: z.boolean().default(false),
      connectionId: z.uuid().nullable().default(null),
      kinds: z
        .array(z.enum(ASSISTANCE_KINDS))
        .max(ASSISTANCE_KINDS.length)
        .default([...ASSISTANCE_KINDS]),
      randomize: z.boolean().default(false),
    })
    .default({ enabled: false, connectionId: null, kinds: [...ASSISTANCE_KINDS], randomize: false })
    .catch({ enabled: false, connectionId: null, kinds: [...ASSISTANCE_KINDS], randomize: false }),
  /** The steps task (issue 27): how a response without an explicit step list is split, and whether labelling stops at the first negative step. Its overlap is the project's. */
  steps: z
    .object({
      split: z.enum(['blank_lines', 'numbered_lines']).default('blank_lines'),
      untilFirstError: z.boolean().default(false),
    })
    .default({ split: 'blank_lines', untilFirstError: false }),
  /** What export dataset cards declare (lib/export/set-dataset-card-settings.ts): a Hugging Face licence id and ISO 639 language codes. */
  datasetCard: z
    .object({
      license: z.string().nullable().default(null),
      languages: z.array(z.string()).default([]),
    })
    .default({ license: null, languages: [] }),
  /** Aspects of a ranking (issue 27, lib/aspects): off by default; when on, each ranking answers every aspect of the list. */
  aspects: ZAspectSettings.default({ enabled: false, list: DEFAULT_ASPECTS }),
  /** Pay rates for timesheets (issue 30, lib/worklog): per hour of active time and/or per task by kind; null = no rate. */
  pay: ZPaySettings.default(PAY_SETTINGS_DEFAULT).catch(PAY_SETTINGS_DEFAULT),
  /** The locale a labeler of this project works in when neither their profile nor their browser names a supported one (issue 31). */
  defaultLocale: z.enum(LOCALES).default(DEFAULT_LOCALE),
});
export type TProjectSettings = z.infer<typeof ZProjectSettings>;

/** The stored settings with defaults filled in; unknown or invalid values fall back to the defaults. */
export function readProjectSettings(raw: unknown): TProjectSettings {
  const parsed = ZProjectSettings.safeParse(raw ?? {});
  return parsed.success ? parsed.data : ZProjectSettings.parse({});
}
