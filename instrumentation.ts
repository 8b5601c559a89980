/**
 * Runs once when a server instance starts. Every minute it sweeps the export work any instance may
 * do (lib/export/sweep-export-work.ts: due webhook retries, builds whose instance stopped). The
 * state lives in the database, claimed with FOR UPDATE SKIP LOCKED, so many instances sweeping
 * together send each delivery once; this timer only decides when to look.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const timer = setInterval(() => {
    void import('@/lib/export/sweep-export-work').then((m) => m.sweepExportWork()).catch(() => undefined);
  }, 60_000);
  timer.unref();
}
