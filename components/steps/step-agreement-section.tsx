import { DashboardSection } from '@/components/dashboard/dashboard-section';
import { formatCount, formatInterval } from '@/components/dashboard/format';
import { StatTiles } from '@/components/dashboard/stat-tiles';
import { findStepAgreement } from '@/lib/steps/find-step-agreement';

/**
 * The dashboard's step-label agreement (issue 27): Krippendorff's alpha (ordinal, steps as units)
 * and agreement on where the first error is, each with a bootstrap interval over responses.
 * Nothing is shown in a project without step labels.
 */
export async function StepAgreementSection({ projectId }: { projectId: string }) {
  const agreement = await findStepAgreement({ projectId });
  if (!agreement) return null;
  return (
    <DashboardSection
      id="step-agreement"
      title="Step labels"
      description="Agreement between labelers who rated the steps of the same solution (−1 wrong or misleading, 0 no progress, +1 correct and useful)."
    >
      <StatTiles
        stats={[
          { id: 'step-alpha', label: "Krippendorff's alpha (ordinal, over steps)", value: formatInterval(agreement.alpha, 'coefficient') },
          {
            id: 'step-first-error',
            label: 'Same first error (labeler pairs)',
            value: formatInterval(agreement.firstError, 'percent'),
            detail: `${formatCount(agreement.firstError.pairs)} pairs; "no error" counts as a location`,
          },
          {
            id: 'step-responses',
            label: 'Solutions with two or more labellings',
            value: formatCount(agreement.responses),
            detail: `${formatCount(agreement.pairableSteps)} steps rated by two or more`,
          },
          {
            id: 'step-labels',
            label: 'Step labellings',
            value: formatCount(agreement.labels),
            detail: `${formatCount(agreement.imported)} imported · ${formatCount(agreement.labelers)} labelers`,
          },
        ]}
      />
      <p className="mt-3 text-xs text-slate-500">
        Intervals: 95% percentile bootstrap over solutions, 1,000 resamples. Labelers a lead excluded are left out.
      </p>
    </DashboardSection>
  );
}
