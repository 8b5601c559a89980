import type { TRole } from '@/lib/auth/schemas';
import { findTimesheet } from '@/lib/worklog/find-timesheet';
import { readTimesheetQuery } from '@/lib/worklog/read-timesheet-query';
import { ZTimesheetQuery } from '@/lib/worklog/schemas';
import { timesheetCsv } from '@/lib/worklog/timesheet-csv';
import { timesheetScope } from '@/lib/worklog/timesheet-scope';

const text = (status: number, message: string) =>
  new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

/**
 * The timesheet page's CSV download (GET …/timesheets/csv?from&to&tz&period[&all=1]; absent dates: the last 7 days): the same rows
 * as the page, for a lead of the project (admins: any project, or every one with all=1). 401
 * signed out, 404 for a project the user may not read, 400 naming the bad parameter.
 */
export async function serveTimesheetCsv(options: {
  user: { id: string; role: TRole } | null;
  projectId: string;
  url: URL;
}): Promise<Response> {
  const { user, url } = options;
  if (!user) return text(401, 'You are signed out: sign in again, then download the timesheet.');
  const scope = await timesheetScope({ user, projectId: options.projectId, all: url.searchParams.get('all') === '1' });
  if (!scope) return text(404, 'No such project');
  // Absent dates default as on the page (the last 7 days in the zone); present ones must be valid.
  const defaults = readTimesheetQuery({ tz: url.searchParams.get('tz') ?? undefined }).query;
  const parsed = ZTimesheetQuery.safeParse({
    from: url.searchParams.get('from') ?? defaults.from,
    to: url.searchParams.get('to') ?? defaults.to,
    timeZone: url.searchParams.get('tz') ?? 'UTC',
    period: url.searchParams.get('period') ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return text(400, `${String(issue.path[0] ?? 'query')}: ${issue.message}`);
  }
  const query = parsed.data;
  const { rows } = await findTimesheet({ ...query, projectIds: scope.projectIds });
  const name = `timesheet-${scope.projectIds === null ? 'all-projects' : scope.project.id.slice(0, 8)}-${query.from}-${query.to}-${query.period}.csv`;
  return new Response(timesheetCsv({ rows, period: query.period, timeZone: query.timeZone }), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  });
}
