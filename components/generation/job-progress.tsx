/** Plain data of a job's progress (what lib/generation's GenerationJobView gives, as the page passes it). */
export type JobProgressData = {
  status: string;
  total: number;
  done: number;
  failed: number;
  running: number;
  queued: number;
  retrying: number;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  promptTokens: number;
  completionTokens: number;
};

const STATUS_TEXT: Record<string, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  CANCELLED: 'Cancelled',
  FINISHED: 'Finished',
  FAILED: 'Failed',
};

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** A job's progress bar with its figures: done and failed of total, rate, time left, tokens. */
export function JobProgress({ job, label }: { job: JobProgressData; label: string }) {
  const ended = job.done + job.failed;
  const percent = job.total === 0 ? 100 : Math.floor((ended / job.total) * 100);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium" data-testid="job-status">
          {STATUS_TEXT[job.status] ?? job.status}
        </span>
        <span className="tabular-nums text-slate-700">
          {ended.toLocaleString('en')} of {job.total.toLocaleString('en')} requests ({percent}%)
        </span>
      </div>
      <progress className="h-2 w-full" max={job.total} value={ended} aria-label={label} />
      <p className="text-xs text-slate-600 tabular-nums">
        {job.done.toLocaleString('en')} done · {job.failed.toLocaleString('en')} failed · {job.running} in flight ·{' '}
        {job.queued.toLocaleString('en')} queued{job.retrying > 0 ? ` (${job.retrying} waiting to retry)` : ''}
        {job.ratePerSecond !== null ? ` · ${job.ratePerSecond.toFixed(1)}/s` : ''}
        {job.etaSeconds !== null ? ` · about ${duration(job.etaSeconds)} left` : ''} · tokens {job.promptTokens.toLocaleString('en')} in,{' '}
        {job.completionTokens.toLocaleString('en')} out
      </p>
    </div>
  );
}
