/**
 * Runs the app's background jobs in this test process until the queue is empty (lib/jobs,
 * app-jobs.ts), instead of sleeping while a worker would. With `projectId`, first does what a
 * dashboard view does: queues that project's recompute when anything is out of date.
 */
import { APP_JOB_HANDLERS } from '@/app-jobs';
import { runQueuedJobs } from '@/lib/jobs/run-queued-jobs';
import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';

export async function drainJobs(options: { projectId?: string } = {}): Promise<number> {
  if (options.projectId) await refreshProjectStats({ projectId: options.projectId });
  return runQueuedJobs({ handlers: APP_JOB_HANDLERS });
}
