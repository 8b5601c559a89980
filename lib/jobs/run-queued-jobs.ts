import type { AnyJobHandler } from '@/lib/jobs/define-job';
import { ensureJobQueue } from '@/lib/jobs/ensure-job-queue';
import { getJobQueue } from '@/lib/jobs/job-queue';

/**
 * Runs the jobs waiting in these queues here and now, one at a time, until none is left (a job
 * queued meanwhile runs too). For tests and scripts that need the background work done before
 * they look (tests/helpers/drain-jobs.ts). A failing job is marked failed in pg-boss (so it is
 * retried as usual) and its error thrown. Returns how many jobs ran.
 */
export async function runQueuedJobs(options: { handlers: readonly AnyJobHandler[] }): Promise<number> {
  const boss = await getJobQueue();
  let ran = 0;
  for (let found = true; found;) {
    found = false;
    for (const { kind: job, run } of options.handlers) {
      await ensureJobQueue(boss, job);
      const [next] = await boss.fetch<object>(job.name, { batchSize: 1 });
      if (!next) continue;
      found = true;
      try {
        await run(job.data.parse(next.data), { id: next.id });
      } catch (error) {
        await boss.fail(job.name, next.id, { message: error instanceof Error ? error.message : String(error) });
        throw error;
      }
      await boss.complete(job.name, next.id);
      ran += 1;
    }
  }
  return ran;
}
