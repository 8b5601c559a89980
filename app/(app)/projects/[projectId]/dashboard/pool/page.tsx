import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { z } from 'zod';
import { WidgetFrame } from '@/components/dashboard/widget-frame';
import { requireProjectMember } from '@/lib/auth/session';
import { isStorableText } from '@/lib/validation/storable';
import { GroupsWidget, POOL_WIDGETS, ProfilesWidget, SettingsWidget, StarvingWidget } from './widgets';
import { StatsFreshness } from '../stats-freshness';
import { LocaleAgreementWidget, WORKING_LOCALE_ATTRIBUTE } from '../locale-widget';

export const metadata: Metadata = { title: 'Labeler pool' };

const ZPoolQuery = z.object({ attribute: z.string().max(80).optional().refine(isStorableText).catch(undefined) });

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The labeler pool (issue 10): groups and starving items; profiles and settings for leads. The abuse alarms are on the dashboard, beside the labelers table. */
export default async function PoolPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { user, project } = await requireProjectMember(projectId, ['LEAD', 'RESEARCHER']);
  const query = ZPoolQuery.parse(await searchParams);
  const isLead = user.role === 'LEAD' || user.role === 'ADMIN';
  const widgets = isLead ? Object.values(POOL_WIDGETS) : [POOL_WIDGETS.groups, POOL_WIDGETS.starving];
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}/dashboard`} className="text-sm text-indigo-700 hover:underline">
          ← Dashboard of {project.name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Labeler pool</h1>
        <p className="text-sm text-slate-600">
          Who labels and where groups differ. Coordinated or careless feedback is flagged on the{' '}
          <Link href={`/projects/${project.id}/dashboard#abuse`} className="text-indigo-700 underline">
            dashboard
          </Link>
          .
        </p>
        <nav aria-label="Pool sections" className="mt-3 flex flex-wrap gap-2 text-sm">
          {widgets.map((w) => (
            <a key={w.id} href={`#${w.id}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
              {w.title}
            </a>
          ))}
        </nav>
      </div>
      <Suspense fallback={null}>
        <StatsFreshness projectId={project.id} />
      </Suspense>
      <WidgetFrame widget={POOL_WIDGETS.groups} blocks={['h-8', 'h-40', 'h-24']}>
        <GroupsWidget projectId={project.id} attribute={query.attribute ?? null} />
      </WidgetFrame>
      {query.attribute === WORKING_LOCALE_ATTRIBUTE ? <LocaleAgreementWidget projectId={project.id} /> : null}
      <WidgetFrame widget={POOL_WIDGETS.starving} blocks={['h-8', 'h-24']}>
        <StarvingWidget projectId={project.id} />
      </WidgetFrame>
      {isLead ? (
        <>
          <WidgetFrame widget={POOL_WIDGETS.profiles} blocks={['h-8', 'h-32']}>
            <ProfilesWidget projectId={project.id} />
          </WidgetFrame>
          <WidgetFrame widget={POOL_WIDGETS.settings} blocks={['h-40', 'h-32']}>
            <SettingsWidget projectId={project.id} />
          </WidgetFrame>
        </>
      ) : null}
    </div>
  );
}
