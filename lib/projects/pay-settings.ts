import { z } from 'zod';

const rate = z.number().min(0).max(1_000_000).nullable().default(null);

/**
 * A project's pay rates (issue 30, timesheets): an amount per hour of active time and/or per
 * submitted task of each kind, in one currency. Every rate is optional; a row's pay is the sum of
 * the rates that are set, and empty when none is.
 */
export const ZPaySettings = z.object({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'A three-letter currency code, e.g. USD')
    .default('USD'),
  perHour: rate,
  perTask: z
    .object({ rank: rate, demonstrate: rate, perturb: rate, detect: rate, steps: rate, chat: rate })
    .default({ rank: null, demonstrate: null, perturb: null, detect: null, steps: null, chat: null }),
});
export type TPaySettings = z.infer<typeof ZPaySettings>;

export const PAY_SETTINGS_DEFAULT: TPaySettings = {
  currency: 'USD',
  perHour: null,
  perTask: { rank: null, demonstrate: null, perturb: null, detect: null, steps: null, chat: null },
};
