// The labelers table split by working locale (issue 31), on the pool page beside the group breakdown by
// working locale: read on demand (a scan of the project's per-judgment numbers), not on every dashboard view.
import { DashboardSection } from '@/components/dashboard/dashboard-section';
import { LocaleAgreementTable } from '@/components/dashboard/locale-agreement-table';
import { WidgetFrame } from '@/components/dashboard/widget-frame';
import { findLocaleAgreement } from '@/lib/dashboard/find-locale-agreement';

export { WORKING_LOCALE_ATTRIBUTE } from '@/lib/dashboard/find-group-breakdown';

const WIDGET = { id: 'labelers-by-locale', title: 'Labelers by working locale' } as const;

async function LocaleAgreementSection({ projectId }: { projectId: string }) {
  const rows = await findLocaleAgreement({ projectId });
  return (
    <DashboardSection
      {...WIDGET}
      description="Each labeler's agreement with the others (as in the dashboard's labelers table), split by the language their screens were in when they ranked."
    >
      <LocaleAgreementTable rows={rows} />
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
