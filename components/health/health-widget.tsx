import { ago } from '@/components/dashboard/bootstrap-note';
import { DashboardSection } from '@/components/dashboard/dashboard-section';
import { WidgetFrame } from '@/components/dashboard/widget-frame';
import { HealthReportView } from '@/components/health/health-report';
import { RecomputeHealthButton } from '@/components/health/recompute-health-button';
import { getProjectHealth } from '@/lib/export/project-health';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

export const HEALTH_WIDGET = { id: 'health', title: 'Dataset health' } as const;

async function HealthBody({ projectId, recompute }: { projectId: string; recompute: Action }) {
  const { format, report, freshness } = await getProjectHealth({ projectId });
  const now = Date.now();
  const when =
    freshness.asOf === null
      ? 'Not computed yet for this project’s size: press the button (it reads every label once).'
      : `As of ${ago(freshness.asOf, now)} ago${freshness.behind ? ', before the latest labels or changes: recompute to include them' : ', on the current data'}.`;
  return (
    <DashboardSection
      {...HEALTH_WIDGET}
      description={`What would predict the chosen response in a "${format}" export of the labels now: length, screen position and cheap features, beside labeler agreement. Computed on demand.`}
    >
      <div className="mb-4 flex flex-col gap-2">
        <p className={freshness.behind ? 'text-xs text-amber-800' : 'text-xs text-slate-500'} data-stat="health-freshness">
          {when}
        </p>
        <RecomputeHealthButton projectId={projectId} format={format} action={recompute} />
      </div>
      {report ? <HealthReportView report={report} id="dashboard-health" /> : null}
    </DashboardSection>
  );
}

/** The dashboard's dataset health widget (issue 28), streamed in its own frame like the others. */
export function HealthWidget({ projectId, recompute }: { projectId: string; recompute: Action }) {
  return (
    <WidgetFrame widget={HEALTH_WIDGET} blocks={['h-8', 'h-64']}>
      <HealthBody projectId={projectId} recompute={recompute} />
    </WidgetFrame>
  );
}
