import { z } from 'zod';
import { defineJobKind } from '@/lib/jobs/define-job';

/**
 * The pg-boss job that works through a generation job's tasks (lib/generation/run-generation-job.ts).
 * A job is given RUNNERS_PER_JOB of them (singleton keys `<jobId>#<n>`), so up to that many app
 * instances share its tasks; each runs at most RUN_SLICE_MS, then queues its own follow-up when work
 * remains. `expireInSeconds` covers a slice plus the longest request: a runner whose process died is
 * retried by pg-boss after that (its tasks are taken back sooner, by any runner, once their lease passes).
 */
export const generationRunJob = defineJobKind({
  name: 'generation-run',
  queue: { policy: 'short', retryLimit: 50, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * 60 },
  data: z.object({ jobId: z.uuid(), runner: z.number().int().min(0) }),
});

export const RUNNERS_PER_JOB = 4;
export const RUN_SLICE_MS = 60_000;
