import { z } from 'zod';

/** Project settings kept in projects.settings (JSON), with their defaults. */
export const ZProjectSettings = z.object({
  /** Minutes an assignment is held before its slot returns to the pool (PRODUCT §4). */
  leaseMinutes: z.number().int().min(1).max(24 * 60).default(60),
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
  /** Relative weights of the task kinds a claim picks from; 0 disables a kind. Ranking only by default. */
  taskMix: z
    .object({
      rank: z.number().int().min(0).max(1000).default(1),
      demonstrate: z.number().int().min(0).max(1000).default(0),
    })
    .default({ rank: 1, demonstrate: 0 }),
});
export type TProjectSettings = z.infer<typeof ZProjectSettings>;

/** The stored settings with defaults filled in; unknown or invalid values fall back to the defaults. */
export function readProjectSettings(raw: unknown): TProjectSettings {
  const parsed = ZProjectSettings.safeParse(raw ?? {});
  return parsed.success ? parsed.data : ZProjectSettings.parse({});
}
