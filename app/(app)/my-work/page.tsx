import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { hasNoWork } from '@/components/my-work/my-work-measures';
import { MyWorkSummary } from '@/components/my-work/my-work-summary';
import { MyWorkTable } from '@/components/my-work/my-work-table';
import { MyTimesheet } from '@/components/worklog/my-timesheet';
import { RejectedDemonstrations } from '@/components/my-work/rejected-demonstrations';
import { RejectedPerturbations } from '@/components/perturb/rejected-perturbations';
import { Card } from '@/components/ui/card';
import { requireUser } from '@/lib/auth/session';
import { getMyQuality } from '@/lib/dashboard/get-my-quality';
import { findMyWorkByProject } from '@/lib/judgments/find-my-work-by-project';
import { findMyWorkStats } from '@/lib/judgments/find-my-work-stats';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('MyWork');
  return { title: t('title') };
}

export default async function MyWorkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const t = await getTranslations('MyWork');
  // One clock for both reads, so "today" is the same day in the totals and the table.
  const now = new Date();
  // Two small queries on one user's rows: read together rather than streamed widget by widget.
  const [overall, byProject] = await Promise.all([
    findMyWorkStats({ userId: user.id, now }),
    findMyWorkByProject({ userId: user.id, now }),
  ]);
  // Quality is per project (measured against that project's other labelers) and only ever the user's own.
  const projects = await Promise.all(
    byProject.map(async (p) => ({ ...p, quality: await getMyQuality({ userId: user.id, projectId: p.projectId }) })),
  );
  const canLabel = user.role !== 'RESEARCHER';
  const elsewhere = overall.total - projects.reduce((sum, p) => sum + p.total, 0);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-600">{t('intro')}</p>
      </div>
      {hasNoWork(overall) ? (
        <Card>
          <p className="text-slate-700">{t('nothingYet')}</p>
          {canLabel ? (
            <p className="mt-2 text-sm">
              <Link href="/label" className="font-medium text-indigo-700 hover:underline">
                {t('pickProject')}
              </Link>
            </p>
          ) : null}
        </Card>
      ) : (
        <section aria-labelledby="my-work-overall" className="flex flex-col gap-3">
          <h2 id="my-work-overall" className="text-base font-semibold text-slate-900">
            {t('allProjects')}
          </h2>
          <MyWorkSummary stats={overall} />
          {elsewhere > 0 ? <p className="text-sm text-slate-600">{t('elsewhere', { count: elsewhere })}</p> : null}
        </section>
      )}
      <Card title={t('byProject')}>
        {projects.length === 0 ? (
          <p className="text-sm text-slate-700">{t('noProjects')}</p>
        ) : (
          <MyWorkTable projects={projects} canLabel={canLabel} />
        )}
      </Card>
      <MyTimesheet userId={user.id} searchParams={await searchParams} />
      <RejectedDemonstrations userId={user.id} />
      <RejectedPerturbations userId={user.id} />
    </div>
  );
}
