import Link from 'next/link';
import type { ImportSummary } from '@/lib/import/import-file';
import type { PlacedRowError } from '@/lib/import/row-source';
import type { ImportFormat } from '@/lib/import/types';

/** The upload route's 422 body (or a refused job's errors): the file was refused as a whole. */
export type ImportRejection = { format: ImportFormat | string | null; rows: number; errorCount: number; errors: PlacedRowError[] };

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** What an import wrote, in the words of the import rules (identical rows are skipped, never duplicated). */
export function ImportSummaryCard({
  summary,
  itemsHref,
  rejectsHref,
}: {
  summary: ImportSummary;
  itemsHref?: string;
  rejectsHref?: string;
}) {
  const lines = [
    `${count(summary.rows, 'row')} read (${summary.format})`,
    `${count(summary.itemsCreated, 'item')} created`,
    `${summary.itemsSkipped.toLocaleString('en')} skipped as identical`,
    `${count(summary.responsesCreated, 'response')} created`,
    `${count(summary.critiquesCreated, 'critique')} created`,
    `${count(summary.critiquesSkipped, 'critique')} skipped as already attached`,
  ];
  if (summary.perturbationsCreated > 0 || summary.perturbationsSkipped > 0) {
    lines.push(
      `${count(summary.perturbationsCreated, 'perturbation')} created`,
      `${count(summary.perturbationsSkipped, 'perturbation')} already imported`,
    );
  }
  if (summary.labelsCreated > 0 || summary.labelsSkipped > 0) {
    lines.push(`${count(summary.labelsCreated, 'label')} imported`, `${count(summary.labelsSkipped, 'label')} already imported`);
  }
  return (
    <section aria-labelledby="import-summary-title" className="rounded-md border border-emerald-200 bg-emerald-50 p-4">
      <h3 id="import-summary-title" className="mb-2 font-semibold text-emerald-900">
        Import finished
      </h3>
      <ul className="grid gap-1 text-sm text-emerald-900 sm:grid-cols-2">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {summary.rejected ? <RejectedRows rejected={summary.rejected} rejectsHref={rejectsHref} /> : null}
      {itemsHref ? (
        <Link href={itemsHref} className="mt-3 inline-block text-sm font-medium text-emerald-900 underline">
          Browse the items
        </Link>
      ) : null}
    </section>
  );
}

/** A lenient import's refused rows: how many, why (grouped by reason, most frequent first), and the file listing each. */
function RejectedRows({ rejected, rejectsHref }: { rejected: NonNullable<ImportSummary['rejected']>; rejectsHref?: string | undefined }) {
  if (rejected.rows === 0) return <p className="mt-3 text-sm text-emerald-900">No row was refused.</p>;
  return (
    <div className="mt-3 flex flex-col gap-2 border-t border-emerald-200 pt-3">
      <h4 className="text-sm font-semibold text-amber-900">
        {count(rejected.rows, 'invalid row')} skipped ({count(rejected.errors, 'problem')})
      </h4>
      <table className="w-full border-collapse bg-white text-left text-sm">
        <caption className="sr-only">Why rows were skipped</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="px-2 py-1">
              Rows
            </th>
            <th scope="col" className="px-2 py-1">
              Field
            </th>
            <th scope="col" className="px-2 py-1">
              Reason
            </th>
          </tr>
        </thead>
        <tbody>
          {rejected.byReason.map((r) => (
            <tr key={`${r.field}|${r.reason}`} className="border-t border-slate-100 align-top">
              <td className="px-2 py-1 font-mono">{r.count.toLocaleString('en')}</td>
              <td className="px-2 py-1 font-mono break-all">{r.field || '(row)'}</td>
              <td className="px-2 py-1 break-words">
                {r.reason}
                <span className="block text-xs text-slate-500">
                  e.g. {r.example.file ? `${r.example.file}, ` : ''}line {r.example.line}: {r.example.message}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rejectsHref ? (
        <a href={rejectsHref} download className="self-start text-sm font-medium text-emerald-900 underline">
          Download the skipped rows (JSON Lines: line, field, reason)
        </a>
      ) : null}
    </div>
  );
}

/** Every reported bad row (the server sends the first 100) and how many more there were. */
export function ImportErrorTable({ rejection }: { rejection: ImportRejection }) {
  const more = rejection.errorCount - rejection.errors.length;
  return (
    <section aria-labelledby="import-errors-title" className="rounded-md border border-red-200 bg-red-50 p-4">
      <h3 id="import-errors-title" className="font-semibold text-red-900">
        {rejection.errorCount === 0 ? 'The file has no rows to import' : `The file was refused: ${count(rejection.errorCount, 'problem')}`}
      </h3>
      <p className="mb-3 text-sm text-red-900">
        Nothing was written. {rejection.errorCount > 0 ? 'Fix these rows and upload the whole file again.' : null}
        {rejection.rows > 0 ? ` ${count(rejection.rows, 'row')} read${rejection.format ? ` as ${rejection.format}` : ''}.` : null}
      </p>
      {rejection.errors.length > 0 ? (
        <table className="w-full border-collapse bg-white text-left text-sm">
          <caption className="sr-only">Problems found in the file</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="px-2 py-1">
                Line
              </th>
              <th scope="col" className="px-2 py-1">
                Field
              </th>
              <th scope="col" className="px-2 py-1">
                Reason
              </th>
            </tr>
          </thead>
          <tbody>
            {rejection.errors.map((e, i) => (
              <tr key={`${e.line}-${e.path}-${i}`} className="border-t border-red-100 align-top">
                <td className="px-2 py-1 font-mono">
                  {e.file ? <span className="block text-xs text-slate-500 break-all">{e.file}</span> : null}
                  {e.line}
                </td>
                <td className="px-2 py-1 font-mono break-all">{e.path || '(row)'}</td>
                <td className="px-2 py-1 break-words">{e.message}</td>
              </tr>
            ))}
          </tbody>
          {more > 0 ? (
            <tfoot>
              <tr className="border-t border-red-100">
                <td colSpan={3} className="px-2 py-1 text-slate-600">
                  …and {more.toLocaleString('en')} more
                </td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      ) : null}
    </section>
  );
}
