import { getSessionUser } from '@/lib/auth/session';
import { log } from '@/lib/log';
import { serveTimesheetCsv } from '@/lib/worklog/serve-timesheet-csv';

export const dynamic = 'force-dynamic';

/** GET /projects/{projectId}/timesheets/csv — the timesheet page's rows as CSV, for a lead of the project or an admin. */
export async function GET(request: Request, context: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await context.params;
  try {
    return await serveTimesheetCsv({ user: await getSessionUser(), projectId, url: new URL(request.url) });
  } catch (error) {
    log.error('timesheet CSV failed', { error, projectId });
    return new Response('Something went wrong on our side. Try again.', {
      status: 500,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
}
