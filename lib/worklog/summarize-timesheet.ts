import type { TPaySettings } from '@/lib/projects/pay-settings';
import { localDateIn, weekStartOf } from '@/lib/worklog/local-period';
import type { MeasuredEntry } from '@/lib/worklog/measure-entries';
import { PAY_KEY, type WorkKind } from '@/lib/worklog/rules';

/** One line of a timesheet: a labeler's tasks of one kind in one project on one day (or week, from its Monday). */
export type TimesheetRow = {
  period: string;
  userId: string;
  projectId: string;
  kind: WorkKind;
  tasks: number;
  activeMs: number;
  recordedMs: number;
  excludedMs: number;
  sessions: number;
  fastTasks: number;
  slowTasks: number;
  /** Rounded to cents; null when the project sets no rate that applies. */
  pay: number | null;
  currency: string | null;
};

/**
 * Groups measured tasks into timesheet rows by the calendar day (or ISO week) of each task's end in
 * `timeZone`, keeping the tasks whose local date lies in [from, to] (inclusive YYYY-MM-DD) and whose
 * project `include` accepts. Pay is rate per hour × active hours + rate per task × tasks.
 */
export function summarizeTimesheet(options: {
  entries: MeasuredEntry[];
  timeZone: string;
  from: string;
  to: string;
  period: 'day' | 'week';
  include: (projectId: string) => boolean;
  payOf: (projectId: string) => TPaySettings | undefined;
}): TimesheetRow[] {
  const localDate = localDateIn(options.timeZone);
  const rows = new Map<string, TimesheetRow>();
  for (const e of options.entries) {
    if (!options.include(e.projectId)) continue;
    const date = localDate(e.endedAt);
    if (date < options.from || date > options.to) continue;
    const period = options.period === 'week' ? weekStartOf(date) : date;
    const key = `${period}|${e.userId}|${e.projectId}|${e.kind}`;
    let row = rows.get(key);
    if (!row) {
      const zero = {
        tasks: 0,
        activeMs: 0,
        recordedMs: 0,
        excludedMs: 0,
        sessions: 0,
        fastTasks: 0,
        slowTasks: 0,
        pay: null,
        currency: null,
      };
      row = { period, userId: e.userId, projectId: e.projectId, kind: e.kind, ...zero };
      rows.set(key, row);
    }
    row.tasks += 1;
    row.activeMs += e.activeMs;
    row.recordedMs += Math.max(0, e.recordedMs);
    row.excludedMs += e.excludedMs;
    if (e.sessionStart) row.sessions += 1;
    if (e.fast) row.fastTasks += 1;
    if (e.slow) row.slowTasks += 1;
  }
  for (const row of rows.values()) {
    const pay = options.payOf(row.projectId);
    if (!pay) continue;
    const perTask = pay.perTask[PAY_KEY[row.kind]];
    if (pay.perHour === null && perTask === null) continue;
    const amount = (pay.perHour ?? 0) * (row.activeMs / 3_600_000) + (perTask ?? 0) * row.tasks;
    row.pay = Math.round(amount * 100) / 100;
    row.currency = pay.currency;
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.period.localeCompare(b.period) ||
      a.userId.localeCompare(b.userId) ||
      a.projectId.localeCompare(b.projectId) ||
      a.kind.localeCompare(b.kind),
  );
}
