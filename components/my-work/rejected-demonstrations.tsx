import { Card } from '@/components/ui/card';
import { findMyRejectedDemonstrations } from '@/lib/demonstrations/find-my-rejected-demonstrations';

const when = (date: Date) => `${date.toISOString().slice(0, 10)}`;

/** The labeler's rejected demonstrations with their lead's reason; nothing when there are none. */
export async function RejectedDemonstrations({ userId }: { userId: string }) {
  const rejected = await findMyRejectedDemonstrations({ userId });
  if (rejected.length === 0) return null;
  return (
    <Card title="Rejected demonstrations">
      <ul className="flex flex-col divide-y divide-slate-100">
        {rejected.map((d) => (
          <li key={d.id} className="flex flex-col gap-1 py-3">
            <p className="text-sm text-slate-600">
              {d.projectName}
              {d.reviewedAt ? ` · ${when(d.reviewedAt)}` : ''}
            </p>
            <p className="text-sm text-slate-900">
              <span className="font-medium">Reason:</span> {d.reason}
            </p>
            <p className="line-clamp-2 text-sm whitespace-pre-wrap text-slate-600">{d.excerpt}</p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
