/**
 * A worker process of its own for the crash test (tests/integration/stats-refresh-background.test.ts):
 * `tsx tests/helpers/job-worker-process.ts <batchSize>` with DATABASE_URL set runs the app's
 * stats-refresh handler (small batches, so a recompute spans many transactions) under pg-boss with
 * supervision every second, and prints "ready" once it polls. SIGTERM stops it gracefully (a running
 * job gets 2 s, then is failed back to the queue); the test SIGKILLs it to play a crash.
 */
import { runStatsRefresh } from '@/lib/dashboard/run-stats-refresh';
import { handleJob } from '@/lib/jobs/define-job';
import { startJobWorkers, stopJobWorkersOnSignals } from '@/lib/jobs/start-job-workers';
import { statsRefreshJob } from '@/lib/judgments/stats-refresh-job';

const batchSize = Number(process.argv[2] ?? 500);
await startJobWorkers({
  handlers: [handleJob(statsRefreshJob, (data) => runStatsRefresh({ ...data, batchSize }))],
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
});
// As in the app (instrumentation.ts), then this process exits.
stopJobWorkersOnSignals({ timeoutMs: 2_000, then: () => process.exit(0) });
console.log('ready');
