import { agreementHash, agreementIntervals } from '@/lib/dashboard/get-agreement-summary';
import { loadModelInputs, modelHash, modelIntervals } from '@/lib/dashboard/get-model-scores';
import { cachedIntervals } from '@/lib/dashboard/interval-cache';
import { loadAgreementInputs } from '@/lib/dashboard/load-agreement-inputs';
import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { withTransaction } from '@/lib/db';

/**
 * Recomputes the bootstrap intervals of the dashboard widgets whose data changed since their
 * cache (agreement, models), off the request path: the background job's work, or run after a
 * dashboard response. Returns the widgets recomputed (none while another refresh of the project
 * runs). Cheap when nothing changed (a fold and a hash). Call it from the background job.
 */
export async function refreshDashboardIntervals(options: { projectId: string }): Promise<string[]> {
  const { projectId } = options;
  // One refresh per project at a time (several widgets or instances may ask at once): the others return at once.
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(9, hashtext($1)) AS locked', [projectId]);
    return rows[0]?.locked ? refreshUnlocked(projectId) : [];
  });
}

async function refreshUnlocked(projectId: string): Promise<string[]> {
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
