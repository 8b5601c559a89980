import type PgBoss from 'pg-boss';
import type { AnyJobHandler } from '@/lib/jobs/define-job';
import { ensureJobQueue } from '@/lib/jobs/ensure-job-queue';
import { createBoss } from '@/lib/jobs/job-queue';
import { log } from '@/lib/log';

const globalForWorkers = globalThis as unknown as { jobWorkers?: Promise<PgBoss>; stopOnSignals?: boolean };

/**
 * Starts this process's workers (instrumentation.ts in every app instance; a test's child
 * process): one poller per job kind, each running one job at a time, plus pg-boss's supervision
 * (expired jobs retried, old ones archived). Any number of instances may run them: jobs are
 * claimed in PostgreSQL with SKIP LOCKED, so each runs once. Idempotent per process (hot reload).
 */
export function startJobWorkers(options: {
  handlers: readonly AnyJobHandler[];
  pollingIntervalSeconds?: number;
  maintenanceIntervalSeconds?: number;
}): Promise<PgBoss> {
  globalForWorkers.jobWorkers ??= (async () => {
    const boss = createBoss({
      supervise: true,
      schedule: false,
      migrate: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      archiveCompletedAfterSeconds: 3600,
    });
    await boss.start();
    for (const { kind: job, run } of options.handlers) {
      await ensureJobQueue(boss, job);
      await boss.work<object>(job.name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 }, async ([next]) => {
        if (!next) return;
        try {
          await run(job.data.parse(next.data), { id: next.id });
        } catch (error) {
          log.warn('job failed; pg-boss retries it', { error, job: job.name, jobId: next.id });
          throw error;
        }
      });
    }
    return boss;
  })().catch((error: unknown) => {
    globalForWorkers.jobWorkers = undefined;
    throw error;
  });
  return globalForWorkers.jobWorkers;
}

/** Stops this process's workers, letting a running job finish (up to `timeoutMs`). */
export async function stopJobWorkers(options: { timeoutMs?: number } = {}): Promise<void> {
  const started = globalForWorkers.jobWorkers;
  globalForWorkers.jobWorkers = undefined;
  if (started) await (await started).stop({ graceful: true, timeout: options.timeoutMs ?? 30_000, close: false });
}

/**
 * Stops this process's workers on SIGTERM and SIGINT (a deploy, Ctrl-C): no new job is taken at
 * once, a running one has `timeoutMs` to finish, then it is failed back to its queue, so another
 * instance retries it after the retry delay (seconds) instead of its expiry (minutes). `then` runs
 * after the stop (a worker process of its own exits there; under Next.js, which closes the server
 * on the same signals and exits when its requests are done, nothing). Once per process.
 */
export function stopJobWorkersOnSignals(options: { timeoutMs?: number; then?: () => void } = {}): void {
  if (globalForWorkers.stopOnSignals) return;
  globalForWorkers.stopOnSignals = true;
  const stop = () =>
    void stopJobWorkers({ timeoutMs: options.timeoutMs ?? 5_000 })
      .catch((error: unknown) => log.warn('job workers did not stop cleanly', { error }))
      .finally(() => options.then?.());
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
