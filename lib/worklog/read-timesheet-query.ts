import { addDays, isTimeZone, localDateIn } from '@/lib/worklog/local-period';
import { ZTimesheetQuery, type TTimesheetQuery } from '@/lib/worklog/schemas';

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * A page's timesheet query from its address: from/to (default: the last 7 days up to today in the
 * zone), tz (default UTC), period (default day). A bad value falls back to the defaults with a message naming it.
 */
export function readTimesheetQuery(params: Params, now: Date = new Date()): { query: TTimesheetQuery; error: string | null } {
  const tz = one(params.tz);
  const timeZone = tz && isTimeZone(tz) ? tz : 'UTC';
  const today = localDateIn(timeZone)(now);
  const fallback: TTimesheetQuery = {
    from: addDays(today, -6),
    to: today,
    timeZone,
    period: one(params.period) === 'week' ? 'week' : 'day',
  };
  const parsed = ZTimesheetQuery.safeParse({
    from: one(params.from) || fallback.from,
    to: one(params.to) || fallback.to,
    timeZone: tz || timeZone,
    period: fallback.period,
  });
  if (parsed.success) return { query: parsed.data, error: null };
  const issue = parsed.error.issues[0]!;
  return { query: fallback, error: `${String(issue.path[0] ?? 'range')}: ${issue.message}. Showing the last 7 days.` };
}
