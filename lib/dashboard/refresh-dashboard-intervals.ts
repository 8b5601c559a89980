import { agreementHash, agreementIntervals } from '@/lib/dashboard/get-agreement-summary';
import { loadModelInputs, modelHash, modelIntervals } from '@/lib/dashboard/get-model-scores';
import { cachedIntervals } from '@/lib/dashboard/interval-cache';
import { loadAgreementInputs } from '@/lib/dashboard/load-agreement-inputs';
import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';

/**
 * Recomputes the bootstrap intervals of the dashboard widgets whose data changed since their
 * cache (agreement, models), off the request path: the background job's work, or run after a
 * dashboard response. Returns the widgets recomputed. Cheap when nothing changed (a fold and a hash).
 */
export async function refreshDashboardIntervals(options: { projectId: string }): Promise<string[]> {
  const { projectId } = options;
  await refreshProjectStats({ projectId });
  const refreshed: string[] = [];
  const agreement = await loadAgreementInputs({ projectId });
  await cachedIntervals({
    projectId,
    widget: 'agreement',
    inputHash: agreementHash(agreement),
    estimates: {},
    compute: () => {
      refreshed.push('agreement');
      return agreementIntervals(agreement);
    },
    force: true,
  });
  const models = await loadModelInputs({ projectId });
  await cachedIntervals({
    projectId,
    widget: 'models',
    inputHash: modelHash(models),
    estimates: {},
    compute: () => {
      refreshed.push('models');
      return modelIntervals(models);
    },
    force: true,
  });
  return refreshed;
}
