import type { ImportJobView } from '@/lib/import/import-job-view';

const n = (x: number) => Math.round(x).toLocaleString('en');

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The share of the current step done, 0–100, when it can be told. */
function percentOf(job: ImportJobView): number | null {
  if (job.status === 'WRITING') return job.rowsTotal ? Math.min(100, Math.floor((job.rowsWritten / job.rowsTotal) * 100)) : null;
  if (job.rowsTotal) return Math.min(100, Math.floor((job.rowsChecked / job.rowsTotal) * 100));
  return job.bytesTotal > 0 ? Math.min(100, Math.floor((job.bytesRead / job.bytesTotal) * 100)) : null;
}

/**
 * A running import after its upload: step 1 checks every row, step 2 writes them in one
 * transaction; rows done, rows per second and the time left in the step, as the job row tells.
 */
export function ImportJobProgress({ job }: { job: ImportJobView }) {
  const writing = job.status === 'WRITING';
  const percent = percentOf(job);
  const done = writing ? job.rowsWritten : job.rowsChecked;
  const facts = [
    writing
      ? `${n(done)}${job.rowsTotal ? ` of ${n(job.rowsTotal)}` : ''} rows written`
      : `${n(done)}${job.rowsTotal ? ` of ${n(job.rowsTotal)}` : ''} rows checked`,
    job.rowsPerSecond !== null ? `${n(job.rowsPerSecond)} rows/s` : null,
    job.secondsLeft !== null ? `about ${duration(job.secondsLeft)} left in this step` : null,
  ].filter(Boolean);
  return (
    <section
      aria-labelledby={`import-progress-${job.id}`}
      className="flex flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 p-4"
    >
      <h3 id={`import-progress-${job.id}`} className="text-sm font-semibold text-slate-900">
        {writing ? 'Step 2 of 2: writing' : 'Step 1 of 2: checking every row'}
        {job.format ? <span className="font-normal text-slate-600"> ({job.format})</span> : null}
      </h3>
      <div className="flex items-center gap-3">
        <progress max={100} value={percent ?? undefined} aria-label="Import progress" className="h-2 w-full" />
        <span className="w-12 text-right font-mono text-xs text-slate-600">{percent === null ? '…' : `${percent}%`}</span>
      </div>
      <p className="text-sm text-slate-700">{facts.join(' · ')}</p>
      <p className="text-xs text-slate-500">
        The import goes on if you close this page; come back to the Import page to see how it ends. Nothing is stored until step 2 finishes.
      </p>
    </section>
  );
}
