import type pg from 'pg';
import { generationRunJob, RUNNERS_PER_JOB } from '@/lib/generation/generation-run-job';
import { enqueueJob } from '@/lib/jobs/enqueue-job';

/**
 * Queues a job's runners (pg-boss generation-run, keys `<jobId>#0…`) inside the caller's
 * transaction, so the job and the work to do it commit together. A runner of a key already waiting
 * absorbs the new one (policy short).
 */
export async function queueGenerationRunners(options: { jobId: string; client: pg.ClientBase }): Promise<void> {
  for (let runner = 0; runner < RUNNERS_PER_JOB; runner++) {
    await enqueueJob(
      generationRunJob,
      { jobId: options.jobId, runner },
      { singletonKey: `${options.jobId}#${runner}`, client: options.client },
    );
  }
}
