import { z } from 'zod';
import { ASSISTANCE_KINDS } from '@/lib/projects/settings';

/** Longest claim a labeler may highlight for a fact check (characters). */
export const MAX_CLAIM_CHARS = 2000;

/** The labeler asks the assistant (the ranking screen's panel, or the detect screen's "ask for more"). */
export const ZAskAssistant = z
  .object({
    assignmentId: z.uuid(),
    /** The browser's key for this request: a repeated send returns the stored answer. */
    clientKey: z.string().min(8).max(64),
    kind: z.enum(ASSISTANCE_KINDS),
    /** Ranking: the response asked about (one of the assignment's shown responses). */
    responseId: z.uuid().nullable().default(null),
    /** FACT_CHECK: the highlighted claim's UTF-16 offsets in that response's text. */
    claim: z
      .object({ start: z.number().int().min(0), end: z.number().int().min(1) })
      .refine((c) => c.end > c.start, { message: 'Select the claim to check first', path: ['end'] })
      .nullable()
      .default(null),
  })
  .refine((a) => a.kind !== 'FACT_CHECK' || a.claim !== null, { message: 'Select the claim to check first', path: ['claim'] });
export type TAskAssistant = z.infer<typeof ZAskAssistant>;

/** The browser reports how long answers were visible (cumulative per request; the server keeps the largest, clamped). */
export const ZRecordAssistanceLook = z.object({
  assignmentId: z.uuid(),
  looks: z
    .array(
      z.object({
        requestId: z.uuid(),
        visibleMs: z
          .number()
          .int()
          .min(0)
          .max(24 * 3600 * 1000),
      }),
    )
    .min(1)
    .max(200),
});
export type TRecordAssistanceLook = z.infer<typeof ZRecordAssistanceLook>;

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

/** The settings page's assistance form. */
export const ZAssistanceSettingsForm = z
  .object({
    enabled: checkbox,
    connectionId: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.uuid({ message: 'Pick a model connection' }).nullable()),
    kinds: z.preprocess((v) => (v === undefined ? [] : ([] as unknown[]).concat(v)), z.array(z.enum(ASSISTANCE_KINDS)).max(4)),
    randomize: checkbox,
  })
  .refine((s) => !s.enabled || s.connectionId !== null, { message: 'Pick the connection the assistant uses', path: ['connectionId'] })
  .refine((s) => !s.enabled || s.kinds.length > 0, { message: 'Offer at least one kind of request', path: ['kinds'] });
export type TAssistanceSettingsForm = z.infer<typeof ZAssistanceSettingsForm>;
