/**
 * Runs once when a server instance starts (next start and next dev alike, so also under npm start
 * and npm run dev), in the Node.js runtime only:
 * - the background job workers (lib/jobs on pg-boss; the kinds are listed in app-jobs.ts): every
 *   instance runs them and pg-boss hands each job to one of them through PostgreSQL; on SIGTERM or
 *   SIGINT they stop taking jobs and a running one is handed back (lib/jobs/start-job-workers.ts);
 * - every minute, a sweep of the export work any instance may do (lib/export/sweep-export-work.ts:
 *   due webhook retries, builds whose instance stopped). The state lives in the database, claimed
 *   with FOR UPDATE SKIP LOCKED, so many instances sweeping together send each delivery once; this
 *   timer only decides when to look; and a check for items whose search rows are not written yet
 *   (lib/items/fill-item-search.ts: queues their job);
 * - every five seconds, the webhook deliveries that are due (lib/webhooks/deliver-due-webhooks.ts:
 *   one index probe when there are none), so subscribed events reach receivers within seconds;
 * - every five minutes, the fold of the dashboard's change logs of projects nobody views
 *   (lib/dashboard/sweep-pending-folds.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const timer = setInterval(() => {
    void import('@/lib/export/sweep-export-work').then((m) => m.sweepExportWork()).catch(() => undefined);
    void import('@/lib/study/sweep-study-participants').then((m) => m.sweepStudyParticipants()).catch(() => undefined); // timed-out study sessions
    void import('@/lib/items/fill-item-search').then((m) => m.sweepItemSearch()).catch(() => undefined); // items' search rows not written yet
  }, 60_000);
  timer.unref();
  const deliveries = setInterval(() => {
    void import('@/lib/webhooks/deliver-due-webhooks').then((m) => m.deliverDueWebhooks({ limit: 50 })).catch(() => undefined);
  }, 5_000);
  deliveries.unref();
  // Projects nobody views: their change logs are folded every five minutes (lib/dashboard/sweep-pending-folds.ts).
  const folds = setInterval(() => {
    void import('@/lib/dashboard/sweep-pending-folds').then((m) => m.sweepPendingFolds()).catch(() => undefined);
  }, 300_000);
  folds.unref();
  // Not awaited: the server answers while the workers start; a database that is not up yet is retried.
  void startWorkersWhenReady();
}

async function startWorkersWhenReady(attempt = 0): Promise<void> {
  const [{ startJobWorkers, stopJobWorkersOnSignals }, { APP_JOB_HANDLERS }, { log }] = await Promise.all([
    import('@/lib/jobs/start-job-workers'),
    import('@/app-jobs'),
    import('@/lib/log'),
  ]);
  try {
    await startJobWorkers({ handlers: APP_JOB_HANDLERS });
    // On SIGTERM / SIGINT a running job gets 5 s, then goes back to the queue for another instance.
    stopJobWorkersOnSignals({ timeoutMs: 5_000 });
  } catch (error) {
    log.warn('job workers could not start; retrying in 30 s', { error, attempt });
    setTimeout(() => void startWorkersWhenReady(attempt + 1), 30_000).unref();
  }
}
