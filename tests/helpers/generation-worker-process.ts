/**
 * A generation worker in a process of its own (tests/integration/generation-workers.test.ts): runs
 * the app's generation-run handler under pg-boss (polling every 0.5 s, supervision every second) with
 * the per-minute limit's window shortened to argv[2] ms, and prints "ready". The test SIGKILLs it to
 * play a crash, or runs two to play two app instances.
 */
import { generationRunJob } from '@/lib/generation/generation-run-job';
import { runGenerationJob } from '@/lib/generation/run-generation-job';
import { handleJob } from '@/lib/jobs/define-job';
import { startJobWorkers, stopJobWorkers } from '@/lib/jobs/start-job-workers';

const windowMs = Number(process.argv[2] ?? 60_000);
await startJobWorkers({
  handlers: [handleJob(generationRunJob, (data) => runGenerationJob({ ...data, windowMs }))],
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
});
process.on('SIGTERM', () => {
  void stopJobWorkers({ timeoutMs: 2_000 }).finally(() => process.exit(0));
});
console.log('ready');
