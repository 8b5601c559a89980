import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { Card } from '@/components/ui/card';
import { BrowserTimeZone } from '@/components/worklog/use-browser-time-zone';
import { TimesheetTable } from '@/components/worklog/timesheet-table';
import { findTimesheet } from '@/lib/worklog/find-timesheet';
import { addDays } from '@/lib/worklog/local-period';
import { readTimesheetQuery } from '@/lib/worklog/read-timesheet-query';

/**
 * My work's timesheet: the signed-in labeler's own active time this week and last, by day, in the
 * browser's zone when the address gives one (?tz=), else UTC. Only `userId`'s own tasks are read.
 */
export async function MyTimesheet({
  userId,
  searchParams,
}: {
  userId: string;
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const tz = typeof searchParams.tz === 'string' ? searchParams.tz : undefined;
  const base = readTimesheetQuery(tz ? { tz } : {});
  const query = { ...base.query, from: addDays(base.query.to, -13) };
  const [{ rows }, t] = await Promise.all([findTimesheet({ ...query, projectIds: null, userId }), getTranslations('MyWork')]);
  return (
    <section aria-labelledby="my-timesheet">
      <Suspense>
        <BrowserTimeZone />
      </Suspense>
      <Card>
        <h2 id="my-timesheet" className="mb-2 text-base font-semibold text-slate-900">
          {t('timesheetHeading')}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{t('timesheetIntro', { timeZone: query.timeZone })}</p>
        <TimesheetTable rows={rows} period="day" showLabeler={false} showProject caption="My timesheet" />
      </Card>
    </section>
  );
}
