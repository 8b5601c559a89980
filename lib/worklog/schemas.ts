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
