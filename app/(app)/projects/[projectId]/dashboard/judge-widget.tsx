// The AI judge's section of the dashboard (issue 25): computed on demand from the judge's own table,
// never on a labeler's submit path.
import { DashboardSection } from '@/components/dashboard/dashboard-section';
import { WidgetFrame } from '@/components/dashboard/widget-frame';
import { JudgeAgreementPanel } from '@/components/judge/judge-agreement-panel';
import { getJudgeAgreement } from '@/lib/judge/get-judge-agreement';

const WIDGET = { id: 'judge', title: 'AI judge' } as const;

async function JudgeAgreementWidget({ projectId, canStart }: { projectId: string; canStart: boolean }) {
  const { run, agreement, names } = await getJudgeAgreement({ projectId });
  return (
    <DashboardSection
      {...WIDGET}
      description="How often an AI judge orders responses as the labelers do, beside how often labelers agree with each other, with published reference points."
    >
      <JudgeAgreementPanel projectId={projectId} run={run} agreement={agreement} names={names} canStart={canStart} />
    </DashboardSection>
  );
}

export function JudgeWidget({ projectId, canStart }: { projectId: string; canStart: boolean }) {
  return (
    <WidgetFrame widget={WIDGET} blocks={['h-8', 'h-40', 'h-24']}>
      <JudgeAgreementWidget projectId={projectId} canStart={canStart} />
    </WidgetFrame>
  );
}
