import Link from 'next/link';
import { formatCount, formatPercent } from '@/components/dashboard/format';
import type { DisagreementPage } from '@/lib/dashboard/types';
import type { TDashboardQuery } from '@/lib/dashboard/schemas';
import { ItemName } from '@/components/items/item-name';
import { truncatePrompt } from '@/lib/items/prompt-name';

type Filter = TDashboardQuery['queue'];

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'adjudicated', label: 'Adjudicated' },
  { value: 'all', label: 'All' },
];

const linkClass = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50';

/** The dashboard's address for a page of the queue, landing on the queue. */
export function queueHref(projectId: string, filter: Filter, page: number): string {
  const params = new URLSearchParams();
  if (filter !== 'open') params.set('queue', filter);
  if (page > 1) params.set('queuePage', String(page));
  const query = params.toString();
  return `/projects/${projectId}/dashboard${query ? `?${query}` : ''}#queue`;
}

/** Items by lowest agreement, a page at a time, each leading to its judgments side by side. */
export function DisagreementQueue({ projectId, queue, filter }: { projectId: string; queue: DisagreementPage; filter: Filter }) {
  const pages = Math.max(1, Math.ceil(queue.total / queue.pageSize));
  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Queue filter" className="flex flex-wrap gap-2 text-sm">
        {FILTERS.map((f) => (
          <Link
            key={f.value}
            href={queueHref(projectId, f.value, 1)}
            aria-current={f.value === filter ? 'page' : undefined}
            className={`rounded-md px-3 py-1.5 ${f.value === filter ? 'bg-indigo-600 text-white' : 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50'}`}
          >
            {f.label}
          </Link>
        ))}
      </nav>
      {queue.rows.length === 0 ? (
        <p className="text-sm text-slate-700">
          {queue.total > 0
            ? `There is no page ${queue.page}.`
            : filter === 'open'
              ? 'No items wait for adjudication: none has two or more counted judgments, or all are adjudicated.'
              : 'No items here.'}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Items with two or more judgments, lowest agreement first</caption>
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Item
                </th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">
                  Judgments
                </th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">
                  Agreement
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Adjudicated
                </th>
                <th scope="col" className="py-2 font-medium">
                  AI judge
                </th>
              </tr>
            </thead>
            <tbody>
              {queue.rows.map((row) => (
                <tr key={row.itemId} className="border-t border-slate-100 align-top">
                  <th scope="row" className="max-w-md py-2 pr-3 text-left font-normal">
                    <ItemName
                      href={`/projects/${projectId}/dashboard/items/${row.itemId}`}
                      prompt={truncatePrompt(row.preview)}
                      externalId={row.externalId}
                    />
                  </th>
                  <td className="py-2 pr-3 text-right tabular-nums">{row.judgments}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">
                    {Number.isFinite(row.agreement) ? formatPercent(row.agreement) : 'nothing comparable'}
                  </td>
                  <td className="py-2 pr-3">{row.adjudicated ? 'Yes' : 'No'}</td>
                  <td className="py-2" data-judge={row.judgeDisagrees === undefined ? 'none' : row.judgeDisagrees ? 'disagrees' : 'agrees'}>
                    {row.judgeDisagrees === undefined ? '—' : row.judgeDisagrees ? 'Disagrees with the humans' : 'Agrees'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Queue pages" className="flex items-center justify-between gap-4">
        <p className="text-sm text-slate-600">
          {formatCount(queue.total)} {queue.total === 1 ? 'item' : 'items'} · page {formatCount(queue.page)} of {formatCount(pages)}
        </p>
        <div className="flex gap-2">
          {queue.page > 1 ? (
            <Link href={queueHref(projectId, filter, Math.min(queue.page - 1, pages))} rel="prev" className={linkClass}>
              Previous
            </Link>
          ) : null}
          {queue.page < pages ? (
            <Link href={queueHref(projectId, filter, queue.page + 1)} rel="next" className={linkClass}>
              Next
            </Link>
          ) : null}
        </div>
      </nav>
    </div>
  );
}
