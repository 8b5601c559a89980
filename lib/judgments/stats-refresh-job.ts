import { z } from 'zod';
import { defineJobKind } from '@/lib/jobs/define-job';

/**
 * The background recompute of one project's stored numbers (issue 23): queued by dashboard reads
 * that find out-of-date items (refreshProjectStats) and by exclusions (setMemberExcluded), run by
 * lib/dashboard/run-stats-refresh.ts. One waiting job per project (`short`, keyed by the project);
 * two running at once just take turns batch by batch under the project's lock. A job whose process
 * died is retried after 5 minutes; it resumes from what is still out of date.
 */
export const statsRefreshJob = defineJobKind({
  name: 'stats-refresh',
  queue: { policy: 'short', retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  data: z.object({ projectId: z.uuid() }),
});
