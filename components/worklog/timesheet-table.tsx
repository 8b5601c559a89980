import { formatActive, formatPay, KIND_LABEL } from '@/components/worklog/format';
import type { NamedTimesheetRow } from '@/lib/worklog/find-timesheet';

type Props = { rows: NamedTimesheetRow[]; period: 'day' | 'week'; showLabeler: boolean; showProject: boolean; caption: string };

/** Sums of a set of rows; pay only when every priced row is in one currency. */
function totalsOf(rows: NamedTimesheetRow[]) {
  const currencies = new Set(rows.filter((r) => r.pay !== null).map((r) => r.currency));
  const priced = rows.filter((r) => r.pay !== null);
  return {
    tasks: rows.reduce((s, r) => s + r.tasks, 0),
    activeMs: rows.reduce((s, r) => s + r.activeMs, 0),
    recordedMs: rows.reduce((s, r) => s + r.recordedMs, 0),
    excludedMs: rows.reduce((s, r) => s + r.excludedMs, 0),
    sessions: rows.reduce((s, r) => s + r.sessions, 0),
    flags: rows.reduce((s, r) => s + r.fastTasks + r.slowTasks, 0),
    pay: priced.length > 0 && currencies.size === 1 ? Math.round(priced.reduce((s, r) => s + r.pay!, 0) * 100) / 100 : null,
    currency: currencies.size === 1 ? [...currencies][0]! : null,
  };
}

const flagText = (fast: number, slow: number) =>
  [fast > 0 ? `${fast} too fast` : '', slow > 0 ? `${slow} slow` : ''].filter(Boolean).join(', ') || '—';

/** A timesheet: one line per period, labeler, project and kind, then a total per labeler and the grand total. */
export function TimesheetTable({ rows, period, showLabeler, showProject, caption }: Props) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No submitted tasks in this range.</p>;
  const labelers = [...new Map(rows.map((r) => [r.userId, r.labelerName])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const cells = (t: ReturnType<typeof totalsOf>) => (
    <>
      <td className="py-1.5 pr-3 text-right tabular-nums">{t.tasks}</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{formatActive(t.activeMs)}</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{formatActive(t.excludedMs)}</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{t.sessions}</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{formatPay(t.pay, t.currency)}</td>
    </>
  );
  const lead = (showLabeler ? 1 : 0) + (showProject ? 1 : 0) + 2;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2 pr-3">{period === 'week' ? 'Week of' : 'Day'}</th>
            {showLabeler ? <th className="py-2 pr-3">Labeler</th> : null}
            {showProject ? <th className="py-2 pr-3">Project</th> : null}
            <th className="py-2 pr-3">Kind</th>
            <th className="py-2 pr-3 text-right">Tasks</th>
            <th className="py-2 pr-3 text-right">Active</th>
            <th className="py-2 pr-3 text-right">Idle excluded</th>
            <th className="py-2 pr-3 text-right">Sessions</th>
            <th className="py-2 pr-3 text-right">Pay</th>
            <th className="py-2">Flags</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.period}|${r.userId}|${r.projectId}|${r.kind}`} className="border-t border-slate-100">
              <td className="py-1.5 pr-3 font-mono text-xs">{r.period}</td>
              {showLabeler ? <td className="py-1.5 pr-3">{r.labelerName}</td> : null}
              {showProject ? <td className="py-1.5 pr-3">{r.projectName}</td> : null}
              <td className="py-1.5 pr-3">{KIND_LABEL[r.kind]}</td>
              {cells(totalsOf([r]))}
              <td className={`py-1.5 ${r.fastTasks + r.slowTasks > 0 ? 'font-medium text-amber-800' : 'text-slate-500'}`}>
                {flagText(r.fastTasks, r.slowTasks)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {showLabeler
            ? labelers.map(([id, name]) => {
                const own = rows.filter((r) => r.userId === id);
                return (
                  <tr key={id} className="border-t border-slate-200 bg-slate-50">
                    <th scope="row" colSpan={lead} className="py-1.5 pr-3 font-medium">
                      Total {name}
                    </th>
                    {cells(totalsOf(own))}
                    <td className="py-1.5">
                      {flagText(
                        own.reduce((s, r) => s + r.fastTasks, 0),
                        own.reduce((s, r) => s + r.slowTasks, 0),
                      )}
                    </td>
                  </tr>
                );
              })
            : null}
          <tr className="border-t-2 border-slate-300 font-semibold">
            <th scope="row" colSpan={lead} className="py-1.5 pr-3">
              Total
            </th>
            {cells(totalsOf(rows))}
            <td className="py-1.5">{totalsOf(rows).flags || '—'}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
