import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { Card } from '@/components/ui/card';
import { FlaggedTasks } from '@/components/worklog/flagged-tasks';
import { PayForm } from '@/components/worklog/pay-form';
import { TimesheetFilters } from '@/components/worklog/timesheet-filters';
import { TimesheetTable } from '@/components/worklog/timesheet-table';
import { BrowserTimeZone } from '@/components/worklog/use-browser-time-zone';
import { requireProjectMember } from '@/lib/auth/session';
import { getProjectSettings } from '@/lib/projects/get-project-settings';
import { findTimesheet } from '@/lib/worklog/find-timesheet';
import { readTimesheetQuery } from '@/lib/worklog/read-timesheet-query';
import { timesheetScope } from '@/lib/worklog/timesheet-scope';
import { updatePayAction } from './actions';

export const metadata: Metadata = { title: 'Timesheets' };

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TimesheetsPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const search = await searchParams;
  const { user, project } = await requireProjectMember(projectId, ['LEAD']);
  const scope = await timesheetScope({ user, projectId: project.id, all: search.all === '1' });
  if (!scope) notFound();
  const { query, error } = readTimesheetQuery(search);
  const [{ rows, flagged }, settings] = await Promise.all([
    findTimesheet({ ...query, projectIds: scope.projectIds }),
    getProjectSettings({ projectId: project.id }),
  ]);
  const csv = new URLSearchParams({
    from: query.from,
    to: query.to,
    tz: query.timeZone,
    period: query.period,
    ...(scope.projectIds ? {} : { all: '1' }),
  });
  return (
    <div className="flex flex-col gap-6">
      <Suspense>
        <BrowserTimeZone />
      </Suspense>
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-indigo-700 underline">
          {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">Timesheets</h1>
        <p className="text-sm text-slate-600">
          Active time per labeler: each task counts its recorded active time, at most the kind’s cap and never time already counted for the
          labeler’s previous task; gaps between tasks are idle and not counted. Days and weeks (from Monday) in {query.timeZone}.
        </p>
      </div>
      <TimesheetFilters {...query} allProjects={user.role === 'ADMIN' ? scope.projectIds === null : undefined} errors={error} />
      <Card
        title={scope.projectIds === null ? 'All projects' : project.name}
        actions={
          <a
            href={`/projects/${project.id}/timesheets/csv?${csv.toString()}`}
            className="text-sm font-medium text-indigo-700 underline"
            download
          >
            Download CSV
          </a>
        }
      >
        <TimesheetTable rows={rows} period={query.period} showLabeler showProject={scope.projectIds === null} caption="Timesheet" />
      </Card>
      <Card title={`Flagged tasks (${flagged.length})`}>
        <FlaggedTasks tasks={flagged} />
      </Card>
      <Card title="Pay rates">
        <PayForm projectId={project.id} pay={settings.pay} action={updatePayAction} />
      </Card>
    </div>
  );
}
