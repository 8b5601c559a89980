// The labelers table split by working locale (issue 31); the group breakdown by locale is on the pool page.
import Link from 'next/link';
import { DashboardSection } from '@/components/dashboard/dashboard-section';
import { LocaleAgreementTable } from '@/components/dashboard/locale-agreement-table';
import { WidgetFrame } from '@/components/dashboard/widget-frame';
import { findLocaleAgreement } from '@/lib/dashboard/find-locale-agreement';
import { WORKING_LOCALE_ATTRIBUTE } from '@/lib/dashboard/find-group-breakdown';

const WIDGET = { id: 'labelers-by-locale', title: 'Labelers by working locale' } as const;

async function LocaleAgreementSection({ projectId }: { projectId: string }) {
  const rows = await findLocaleAgreement({ projectId });
  return (
    <DashboardSection
      {...WIDGET}
      description="Each labeler's agreement with the others, split by the language their screens were in when they ranked."
    >
      <div className="flex flex-col gap-3">
        <LocaleAgreementTable rows={rows} />
        <Link
          href={`/projects/${projectId}/dashboard/pool?attribute=${encodeURIComponent(WORKING_LOCALE_ATTRIBUTE)}#groups`}
          className="text-sm text-indigo-700 hover:underline"
        >
          Preferences and agreement by working locale, with intervals →
        </Link>
      </div>
    </DashboardSection>
  );
}

export function LocaleAgreementWidget({ projectId }: { projectId: string }) {
  return (
    <WidgetFrame widget={WIDGET} blocks={['h-8', 'h-8', 'h-8']}>
      <LocaleAgreementSection projectId={projectId} />
    </WidgetFrame>
  );
}
