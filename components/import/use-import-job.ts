'use client';

import { useEffect, useState } from 'react';
import { isRunning, type ImportJobView } from '@/lib/import/import-job-view';

/** How often a running import is polled. */
const POLL_MS = 1000;

/**
 * Follows an import job by polling its URL while it runs (the job row is the truth, whichever
 * instance answers); stops when it is done, refused or failed, or when the component unmounts.
 */
export function useImportJob(url: string | null, initial: ImportJobView | null = null): { job: ImportJobView | null; lost: string | null } {
  // Kept with the URL it belongs to, so a new upload never shows the previous import's state.
  const [state, setState] = useState<{ url: string | null; job: ImportJobView | null; lost: string | null }>({
    url,
    job: initial,
    lost: null,
  });
  const setJob = (job: ImportJobView) => setState({ url, job, lost: null });
  const setLost = (lost: string) => setState((s) => ({ url, job: s.url === url ? s.job : null, lost }));
  useEffect(() => {
    if (!url || (initial && !isRunning(initial.status))) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let misses = 0;
    const poll = async () => {
      try {
        const response = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
        const body = (await response.json().catch(() => ({}))) as { job?: ImportJobView; message?: string };
        if (stopped) return;
        if (!response.ok || !body.job) {
          misses += 1;
          if (response.status < 500 || misses >= 5) {
            setLost(body.message ?? `The import's progress cannot be read (HTTP ${response.status}).`);
            return;
          }
        } else {
          misses = 0;
          setJob(body.job);
          if (!isRunning(body.job.status)) return;
        }
      } catch {
        misses += 1;
        if (misses >= 5) {
          setLost('The connection was lost. The import goes on on the server: reload the page to see how it ends.');
          return;
        }
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [url, initial]);
  return state.url === url ? { job: state.job, lost: state.lost } : { job: initial, lost: null };
}
