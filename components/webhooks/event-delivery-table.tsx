import type { EventWebhookView } from '@/lib/webhooks/find-event-webhooks';

const time = (d: Date | null) => (d ? `${d.toISOString().replace('T', ' ').slice(0, 19)} UTC` : '—');
const STATUS = { PENDING: 'Pending', DELIVERED: 'Delivered', FAILED: 'Gave up' } as const;

/** An endpoint's latest deliveries: event, its id, outcome, attempts (with each answer), the next retry. */
export function EventDeliveryTable({ deliveries }: { deliveries: EventWebhookView['deliveries'] }) {
  if (deliveries.length === 0) return <p className="text-sm text-slate-600">No deliveries yet.</p>;
  return (
    <table className="w-full text-left text-sm" aria-label="Event deliveries">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-2 pr-3">Created</th>
          <th className="py-2 pr-3">Event</th>
          <th className="py-2 pr-3">Event id</th>
          <th className="py-2 pr-3">Status</th>
          <th className="py-2 pr-3 text-right">Attempts</th>
          <th className="py-2 pr-3">Answers</th>
          <th className="py-2">Next attempt</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((d) => {
          const log = (Array.isArray(d.attemptLog) ? d.attemptLog : []) as { statusCode: number | null; error: string | null }[];
          return (
            <tr key={d.id} className="border-t border-slate-100">
              <td className="py-2 pr-3 text-xs">{time(d.createdAt)}</td>
              <td className="py-2 pr-3 font-mono text-xs">{d.event}</td>
              <td className="py-2 pr-3 font-mono text-xs" title={d.eventId ?? undefined}>
                {d.eventId?.slice(0, 8) ?? '—'}
              </td>
              <td
                className={`py-2 pr-3 ${d.status === 'DELIVERED' ? 'text-emerald-700' : d.status === 'FAILED' ? 'text-red-700' : 'text-slate-700'}`}
              >
                {STATUS[d.status]}
              </td>
              <td className="py-2 pr-3 text-right font-mono">{d.attempts}</td>
              <td className="py-2 pr-3 text-xs">
                {log.length > 0 ? log.map((a) => (a.statusCode ? `HTTP ${a.statusCode}` : (a.error ?? '?'))).join(' → ') : '—'}
              </td>
              <td className="py-2 text-xs">{d.status === 'PENDING' ? time(d.nextAttemptAt) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
