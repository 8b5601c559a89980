'use client';

import { ImportJobProgress } from '@/components/import/import-job-progress';
import { useImportJob } from '@/components/import/use-import-job';
import { isRunning, type ImportJobView } from '@/lib/import/import-job-view';

const STATUS: Record<ImportJobView['status'], string> = {
  CHECKING: 'checking',
  WRITING: 'writing',
  DONE: 'imported',
  REFUSED: 'refused',
  FAILED: 'failed',
};

function RecentImport({ initial, jobsUrl, itemsHref }: { initial: ImportJobView; jobsUrl: string; itemsHref: string }) {
  const url = `${jobsUrl}/${initial.id}`;
  const { job: polled, lost } = useImportJob(isRunning(initial.status) ? url : null, initial);
  const job = polled ?? initial;
  return (
    <li className="flex flex-col gap-2 border-t border-slate-100 pt-3 first:border-t-0 first:pt-0">
      <p className="text-sm text-slate-800">
        <span className="font-medium break-all">{job.fileName}</span>{' '}
        <span className="text-slate-500">
          · {new Date(job.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC · {job.origin} · {STATUS[job.status]}
        </span>
      </p>
      {isRunning(job.status) ? (
        <ImportJobProgress job={job} />
      ) : (
        <FinishedImport job={job} itemsHref={itemsHref} rejectsHref={`${url}/rejects`} />
      )}
      {lost ? <p className="text-xs text-red-700">{lost}</p> : null}
    </li>
  );
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** One line on how a past import ended (the full summary was shown to whoever ran it). */
function FinishedImport({ job, itemsHref, rejectsHref }: { job: ImportJobView; itemsHref: string; rejectsHref: string }) {
  if (job.status === 'DONE' && job.summary) {
    const s = job.summary;
    return (
      <p className="text-sm text-slate-700">
        {count(s.rows, 'row')} read ({s.format}): {count(s.itemsCreated, 'item')} created, {s.itemsSkipped.toLocaleString('en')} skipped as
        identical
        {s.labelsCreated > 0 ? `, ${count(s.labelsCreated, 'label')} imported` : ''}
        {s.rejected ? `, ${count(s.rejected.rows, 'invalid row')} skipped` : ''}.{' '}
        {s.rejected && s.rejected.rows > 0 ? (
          <a href={rejectsHref} download className="font-medium text-indigo-700 underline">
            Download the skipped rows
          </a>
        ) : (
          <a href={itemsHref} className="font-medium text-indigo-700 underline">
            Browse the items
          </a>
        )}
      </p>
    );
  }
  if (job.status === 'REFUSED' && job.errors) {
    const first = job.errors.errors[0];
    return (
      <p className="text-sm text-red-800">
        Refused, nothing written: {count(job.errors.errorCount, 'problem')}
        {first ? ` (first: ${first.file ? `${first.file} ` : ''}line ${first.line}, ${first.path || 'row'}: ${first.message})` : ''}.
      </p>
    );
  }
  return <p className="text-sm text-red-800">{job.error ?? 'Failed; nothing was written.'}</p>;
}

/**
 * The project's latest imports, from the job rows: those still running are followed live, so an
 * import started on a page that was then closed can be watched to its end from here.
 */
export function RecentImports({ jobs, jobsUrl, itemsHref }: { jobs: ImportJobView[]; jobsUrl: string; itemsHref: string }) {
  if (jobs.length === 0) return <p className="text-sm text-slate-600">No imports yet.</p>;
  return (
    <ul className="flex flex-col gap-3">
      {jobs.map((job) => (
        <RecentImport key={job.id} initial={job} jobsUrl={jobsUrl} itemsHref={itemsHref} />
      ))}
    </ul>
  );
}
