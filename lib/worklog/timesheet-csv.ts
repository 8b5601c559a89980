import { csvLine } from '@/lib/csv';
import type { NamedTimesheetRow } from '@/lib/worklog/find-timesheet';

export const TIMESHEET_CSV_COLUMNS = [
  'period_start',
  'period',
  'time_zone',
  'labeler_name',
  'labeler_email',
  'project',
  'task_kind',
  'tasks',
  'active_minutes',
  'recorded_minutes',
  'excluded_minutes',
  'sessions',
  'fast_tasks',
  'slow_tasks',
  'pay',
  'currency',
] as const;

const minutes = (ms: number) => Math.round(ms / 600) / 100;

/** The timesheet as CSV: one line per row of the page, minutes to two decimals, pay empty when no rate applies. */
export function timesheetCsv(options: { rows: NamedTimesheetRow[]; period: 'day' | 'week'; timeZone: string }): string {
  const lines = [csvLine([...TIMESHEET_CSV_COLUMNS])];
  for (const r of options.rows) {
    lines.push(
      csvLine([
        r.period,
        options.period,
        options.timeZone,
        r.labelerName,
        r.labelerEmail,
        r.projectName,
        r.kind.toLowerCase(),
        r.tasks,
        minutes(r.activeMs),
        minutes(r.recordedMs),
        minutes(r.excludedMs),
        r.sessions,
        r.fastTasks,
        r.slowTasks,
        r.pay === null ? null : r.pay.toFixed(2),
        r.currency,
      ]),
    );
  }
  return lines.join('');
}
