import { ImportErrorTable, ImportSummaryCard } from '@/components/import/import-result';
import type { ImportJobView } from '@/lib/import/import-job-view';

/** How a finished import ended: its summary, the refused file's problems, or why it failed. */
export function ImportJobOutcome({ job, itemsHref, rejectsHref }: { job: ImportJobView; itemsHref?: string; rejectsHref?: string }) {
  if (job.status === 'DONE' && job.summary)
    return <ImportSummaryCard summary={job.summary} {...(itemsHref ? { itemsHref } : {})} {...(rejectsHref ? { rejectsHref } : {})} />;
  if (job.status === 'REFUSED' && job.errors)
    return (
      <ImportErrorTable
        rejection={{ format: job.format, rows: job.rowsChecked, errorCount: job.errors.errorCount, errors: job.errors.errors }}
      />
    );
  return (
    <p role="status" className="text-sm text-red-700">
      {job.error ?? 'The import failed; nothing was written.'}
    </p>
  );
}
