import { z } from 'zod';

/** Project settings kept in projects.settings (JSON), with their defaults. */
export const ZProjectSettings = z.object({
  /** Minutes an assignment is held before its slot returns to the pool (PRODUCT §4). */
  leaseMinutes: z.number().int().min(1).max(24 * 60).default(60),
  /** Share of claims that prefer a gold item, when one is available. */
  goldRate: z.number().min(0).max(1).default(0.1),
  /** Version of the flag taxonomy new assignments record. */
  taxonomyVersion: z.number().int().min(1).default(1),
});
export type TProjectSettings = z.infer<typeof ZProjectSettings>;

/** The stored settings with defaults filled in; unknown or invalid values fall back to the defaults. */
export function readProjectSettings(raw: unknown): TProjectSettings {
  const parsed = ZProjectSettings.safeParse(raw ?? {});
  return parsed.success ? parsed.data : ZProjectSettings.parse({});
}
