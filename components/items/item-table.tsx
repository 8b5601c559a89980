import Link from 'next/link';
import { GoldBadge } from '@/components/items/gold-badge';
import type { ItemListRow } from '@/lib/items/find-items';
import type { TItemStatus } from '@/lib/items/schemas';

const STATUS_LABEL: Record<TItemStatus, string> = { complete: 'Complete', 'in-progress': 'In progress', untouched: 'Untouched' };

/** One page of the item list; prompt previews are untrusted text and render as text. */
export function ItemTable({ projectId, rows }: { projectId: string; rows: ItemListRow[] }) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-2 pr-3">Item</th>
          <th className="py-2 pr-3">Last user message</th>
          <th className="py-2 pr-3 text-right">Responses</th>
          <th className="py-2 pr-3 text-right">Labels</th>
          <th className="py-2 pr-3">Status</th>
          <th className="py-2 pr-3">Gold</th>
          <th className="py-2 text-right">Priority</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className="border-t border-slate-100 align-top">
            <td className="py-2 pr-3 font-mono text-xs">
              <Link href={`/projects/${projectId}/items/${row.id}`} className="text-indigo-700 hover:underline">
                {row.externalId ?? row.id.slice(0, 8)}
              </Link>
            </td>
            <td className="max-w-md py-2 pr-3 break-words whitespace-pre-wrap text-slate-800">
              {row.preview}
              {row.previewTruncated ? '…' : ''}
            </td>
            <td className="py-2 pr-3 text-right tabular-nums">{row.responses}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{row.labels}</td>
            <td className="py-2 pr-3 whitespace-nowrap">{STATUS_LABEL[row.status]}</td>
            <td className="py-2 pr-3">{row.isGold ? <GoldBadge /> : null}</td>
            <td className="py-2 text-right tabular-nums">{row.priority}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
