// `npm run cli -- timesheet --project SLUG|ID|demo [--week] [--from DAY] [--to DAY] [--tz ZONE] [--csv]` (issue 30):
// the project's timesheet as the lead's page shows it (lib/worklog), as a table or as the page's CSV.
import { AppError } from '../lib/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The demo project scripts/start.ts seeds (prisma/seed-data.ts). */
const DEMO_SLUG = 'demo-helpfulness';

export const timesheetCommand = {
  usage: 'timesheet --project SLUG|ID|demo [--week] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--tz ZONE] [--csv]',
  summary: 'Active time, tasks and pay per labeler per day (or week), by task kind, with the fast/slow flags.',
  options: {
    project: { type: 'string', description: 'project slug, id, or "demo" for the demo project' },
    week: { type: 'boolean', description: 'one row per ISO week (from Monday) instead of per day' },
    from: { type: 'string', description: 'first local day (default: 6 days before --to)' },
    to: { type: 'string', description: 'last local day (default: today in the zone)' },
    tz: { type: 'string', description: 'IANA time zone of the days (default UTC)' },
    csv: { type: 'boolean', description: 'print the CSV the timesheet page downloads' },
  },
  async run(values: Record<string, string | boolean | undefined>): Promise<number> {
    const ref = typeof values.project === 'string' ? values.project.trim() : '';
    if (!ref) {
      console.error('--project is required');
      return 2;
    }
    const { getDb } = await import('../lib/db');
    const slug = ref === 'demo' ? DEMO_SLUG : ref.toLowerCase();
    const project = await getDb().project.findFirst({ where: UUID.test(ref) ? { id: ref } : { slug }, select: { id: true, name: true } });
    if (!project) throw new AppError('NOT_FOUND', `No project ${ref}`);
    const { readTimesheetQuery } = await import('../lib/worklog/read-timesheet-query');
    const { findTimesheet } = await import('../lib/worklog/find-timesheet');
    const { timesheetCsv } = await import('../lib/worklog/timesheet-csv');
    const { renderTimesheetText } = await import('./timesheet-text');
    const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
    const { query, error } = readTimesheetQuery({ from: str('from'), to: str('to'), tz: str('tz'), period: values.week ? 'week' : 'day' });
    if (error) {
      console.error(error.replace('. Showing the last 7 days.', ''));
      return 2;
    }
    const { rows, flagged } = await findTimesheet({ ...query, projectIds: [project.id] });
    if (values.csv) process.stdout.write(timesheetCsv({ rows, period: query.period, timeZone: query.timeZone }));
    else console.log(renderTimesheetText({ title: project.name, query, rows, flagged }));
    return 0;
  },
} as const;
