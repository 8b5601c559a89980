import { inputClass } from '@/components/ui/field';

type Props = {
  from: string;
  to: string;
  timeZone: string;
  period: 'day' | 'week';
  allProjects?: boolean | undefined;
  errors?: string | null;
};

/** The range, time zone and grouping of a timesheet: a plain GET form, so the address is shareable. */
export function TimesheetFilters({ from, to, timeZone, period, allProjects, errors }: Props) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Timesheet range">
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        From
        <input type="date" name="from" defaultValue={from} className={inputClass} />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        To
        <input type="date" name="to" defaultValue={to} className={inputClass} />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        Time zone
        <input name="tz" defaultValue={timeZone} className={inputClass} list="timesheet-zones" />
      </label>
      <datalist id="timesheet-zones">
        {Intl.supportedValuesOf('timeZone').map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        Group by
        <select name="period" defaultValue={period} className={inputClass}>
          <option value="day">Day</option>
          <option value="week">Week</option>
        </select>
      </label>
      {allProjects !== undefined ? (
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="all" value="1" defaultChecked={allProjects} /> All projects
        </label>
      ) : null}
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">
        Show
      </button>
      {errors ? (
        <p role="status" className="w-full text-sm text-red-700">
          {errors}
        </p>
      ) : null}
    </form>
  );
}
