import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { AspectWidget } from '@/components/dashboard/aspect-section';
import { WidgetFrame } from '@/components/dashboard/widget-frame';
import { AssistanceSection } from '@/components/dashboard/assistance-section';
import { HealthWidget } from '@/components/health/health-widget';
import { StepAgreementSection } from '@/components/steps/step-agreement-section';
import { requireProjectMember } from '@/lib/auth/session';
import { ZDashboardQuery } from '@/lib/dashboard/schemas';
import { AbuseWidget, AgreementWidget, LabelersWidget, ModelsWidget, ProgressWidget, QueueWidget, WIDGETS } from './widgets';
import { recomputeHealthAction } from './actions';
import { StatsFreshness } from './stats-freshness';
import { JudgeWidget } from './judge-widget';
import { ArenaSection } from './arena-section';

export const metadata: Metadata = { title: 'Dashboard' };

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The lead's dashboard (PRODUCT §5): five widgets, each streamed on its own. */
export default async function DashboardPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { user, project } = await requireProjectMember(projectId, ['LEAD', 'RESEARCHER']);
  const query = ZDashboardQuery.parse(await searchParams);
  const canManage = user.role === 'LEAD' || user.role === 'ADMIN';
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-indigo-700 hover:underline">
          ← {project.name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Dashboard</h1>
        <p className="text-sm text-slate-600">
          Live numbers from every submitted label; excluded labelers and invalid items are left out. Overlap {project.overlap}.
        </p>
        <nav aria-label="Dashboard sections" className="mt-3 flex flex-wrap gap-2 text-sm">
          {Object.values(WIDGETS).map((w) => (
            <a key={w.id} href={`#${w.id}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
              {w.title}
            </a>
          ))}
          <Link
            href={`/projects/${project.id}/dashboard/pool`}
            className="rounded-md border border-indigo-300 bg-white px-3 py-1.5 text-indigo-800 hover:bg-indigo-50"
          >
            Labeler pool: groups, routing and profiles →
          </Link>
        </nav>
      </div>
      <Suspense fallback={null}>
        <StatsFreshness projectId={project.id} />
      </Suspense>
      <WidgetFrame widget={WIDGETS.progress} blocks={['h-20', 'h-64']}>
        <ProgressWidget projectId={project.id} />
      </WidgetFrame>
      <WidgetFrame widget={WIDGETS.agreement} blocks={['h-20', 'h-40', 'h-72']}>
        <AgreementWidget projectId={project.id} />
      </WidgetFrame>
      <WidgetFrame widget={{ id: 'step-agreement', title: 'Step labels' }} blocks={['h-20']}>
        <StepAgreementSection projectId={project.id} />
      </WidgetFrame>
      <WidgetFrame widget={WIDGETS.labelers} blocks={['h-8', 'h-8', 'h-8', 'h-8']}>
        <LabelersWidget projectId={project.id} canManage={canManage} />
      </WidgetFrame>
      <WidgetFrame widget={WIDGETS.abuse} blocks={['h-8', 'h-24']}>
        <AbuseWidget projectId={project.id} canManage={canManage} />
      </WidgetFrame>
      <WidgetFrame widget={WIDGETS.models} blocks={['h-64', 'h-32']}>
        <ModelsWidget projectId={project.id} />
      </WidgetFrame>
      <JudgeWidget projectId={project.id} canStart={canManage} />
      <AspectWidget projectId={project.id} />
      <WidgetFrame widget={WIDGETS.queue} blocks={['h-8', 'h-8', 'h-8']}>
        <QueueWidget projectId={project.id} query={query} />
      </WidgetFrame>
      <AssistanceSection projectId={project.id} />
      <HealthWidget projectId={project.id} recompute={recomputeHealthAction} />
      <Suspense fallback={null}>
        <ArenaSection projectId={project.id} />
      </Suspense>
    </div>
  );
}
