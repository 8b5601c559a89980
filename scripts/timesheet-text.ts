import type { FlaggedTask, NamedTimesheetRow } from '../lib/worklog/find-timesheet';
import type { TTimesheetQuery } from '../lib/worklog/schemas';

const hms = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** A timesheet as a Markdown table with totals and its flagged tasks (the CLI and the demo script print it). */
export function renderTimesheetText(options: {
  title: string;
  query: TTimesheetQuery;
  rows: NamedTimesheetRow[];
  flagged: FlaggedTask[];
}): string {
  const { query, rows, flagged } = options;
  const out = [
    `# Timesheet of ${options.title}: ${query.from} to ${query.to}, by ${query.period}, ${query.timeZone}`,
    '',
    `| ${query.period === 'week' ? 'week of' : 'day'} | labeler | kind | tasks | active | recorded | idle excluded | sessions | flags | pay |`,
    '|---|---|---|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const r of rows) {
    const flags = [r.fastTasks ? `${r.fastTasks} fast` : '', r.slowTasks ? `${r.slowTasks} slow` : ''].filter(Boolean).join(', ');
    const pay = r.pay === null ? '' : `${r.pay.toFixed(2)} ${r.currency}`;
    out.push(
      `| ${r.period} | ${r.labelerName} | ${r.kind.toLowerCase()} | ${r.tasks} | ${hms(r.activeMs)} | ${hms(r.recordedMs)} | ${hms(r.excludedMs)} | ${r.sessions} | ${flags} | ${pay} |`,
    );
  }
  const sum = (f: (r: NamedTimesheetRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const priced = rows.filter((r) => r.pay !== null);
  const pay = priced.length ? `${(Math.round(priced.reduce((s, r) => s + r.pay!, 0) * 100) / 100).toFixed(2)} ${priced[0]!.currency}` : '';
  out.push(
    `| **total** | | | ${sum((r) => r.tasks)} | ${hms(sum((r) => r.activeMs))} | ${hms(sum((r) => r.recordedMs))} | ${hms(sum((r) => r.excludedMs))} | ${sum((r) => r.sessions)} | ${sum((r) => r.fastTasks + r.slowTasks) || ''} | ${pay} |`,
  );
  if (rows.length === 0) out.push('', 'No submitted tasks in this range.');
  if (flagged.length) {
    out.push('', 'Flagged tasks:');
    for (const f of flagged)
      out.push(
        `- ${f.localDate} ${f.labelerName} ${f.kind.toLowerCase()}: ${
          f.fast
            ? `too fast, ${Math.round(f.wordsPerMinute ?? 0)} words/min in ${hms(f.recordedMs)}`
            : `slow, ${hms(f.recordedMs)} recorded`
        }`,
      );
  }
  return out.join('\n');
}
