import { z } from 'zod';
import { isTimeZone } from '@/lib/worklog/local-period';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD');

/** A timesheet's range (local calendar dates, inclusive), time zone and grouping. At most a year, so one page stays bounded. */
export const ZTimesheetQuery = z
  .object({
    from: date,
    to: date,
    timeZone: z.string().refine(isTimeZone, 'An IANA time zone, e.g. Europe/Berlin'),
    period: z.enum(['day', 'week']).default('day'),
  })
  .refine((q) => q.from <= q.to, { message: 'The start must not be after the end', path: ['from'] })
  .refine((q) => new Date(`${q.to}T00:00:00Z`).getTime() - new Date(`${q.from}T00:00:00Z`).getTime() <= 366 * 86_400_000, {
    message: 'At most a year at a time',
    path: ['to'],
  });
export type TTimesheetQuery = z.infer<typeof ZTimesheetQuery>;

/** A rate typed in a form: empty means "no rate". */
const formRate = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? Number(v.trim()) : v),
  z.number({ error: 'A number, e.g. 12.50' }).min(0, 'Not negative').max(1_000_000).nullable(),
);

/** The timesheet page's pay form (lib/projects/pay-settings.ts holds what is stored). */
export const ZPayForm = z.object({
  projectId: z.uuid(),
  currency: z
    .string()
    .trim()
    .transform((c) => c.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{3}$/, 'A three-letter currency code, e.g. USD')),
  perHour: formRate,
  rank: formRate,
  demonstrate: formRate,
  perturb: formRate,
  detect: formRate,
  steps: formRate,
  chat: formRate,
});
export type TPayForm = z.infer<typeof ZPayForm>;
