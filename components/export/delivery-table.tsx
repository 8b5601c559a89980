type Delivery = {
  id: string;
  snapshotId: string | null;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
};

const time = (d: Date | null) => (d ? `${d.toISOString().replace('T', ' ').slice(0, 19)} UTC` : '—');
const STATUS = { PENDING: 'Pending', DELIVERED: 'Delivered', FAILED: 'Gave up' } as const;

/** The webhook's latest deliveries: outcome, attempts, the last answer and when the next retry is due. */
export function DeliveryTable({ deliveries }: { deliveries: Delivery[] }) {
  if (deliveries.length === 0)
    return <p className="text-sm text-slate-600">No deliveries yet: one is sent when a snapshot becomes ready.</p>;
  return (
    <table className="w-full text-left text-sm" aria-label="Webhook deliveries">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-2 pr-3">Created</th>
          <th className="py-2 pr-3">Snapshot</th>
          <th className="py-2 pr-3">Status</th>
          <th className="py-2 pr-3 text-right">Attempts</th>
          <th className="py-2 pr-3">Last answer</th>
          <th className="py-2">Next attempt</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((d) => (
          <tr key={d.id} className="border-t border-slate-100">
            <td className="py-2 pr-3 text-xs">{time(d.createdAt)}</td>
            <td className="py-2 pr-3 font-mono text-xs">{d.snapshotId?.slice(0, 8) ?? 'deleted'}</td>
            <td
              className={`py-2 pr-3 ${d.status === 'DELIVERED' ? 'text-emerald-700' : d.status === 'FAILED' ? 'text-red-700' : 'text-slate-700'}`}
            >
              {STATUS[d.status]}
            </td>
            <td className="py-2 pr-3 text-right font-mono">{d.attempts}</td>
            <td className="py-2 pr-3 text-xs">{d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '—')}</td>
            <td className="py-2 text-xs">{d.status === 'PENDING' ? time(d.nextAttemptAt) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
