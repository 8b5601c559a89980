import { z } from 'zod';
import { defineJobKind } from '@/lib/jobs/define-job';

/**
 * Writes the search rows of items still pending (issue 23): queued when an import commits and by
 * the minute's sweep (instrumentation.ts), run by lib/items/fill-item-search.ts. One job for all
 * projects: at most one waiting (`short`, one singleton key); two running at once (two instances)
 * share the pending rows through SKIP LOCKED. A job whose process died is retried after 5 minutes
 * and goes on from what is still pending.
 */
export const itemSearchFillJob = defineJobKind({
  name: 'item-search-fill',
  queue: { policy: 'short', retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  data: z.object({}),
});
