import { Card } from '@/components/ui/card';
import { findMyRejectedPerturbations } from '@/lib/perturb/find-my-rejected-perturbations';

const when = (date: Date) => `${date.toISOString().slice(0, 10)}`;

/** The labeler's rejected perturbations with their lead's reason; nothing when there are none. */
export async function RejectedPerturbations({ userId }: { userId: string }) {
  const rejected = await findMyRejectedPerturbations({ userId });
  if (rejected.length === 0) return null;
  return (
    <Card title="Rejected perturbations">
      <ul className="flex flex-col divide-y divide-slate-100">
        {rejected.map((p) => (
          <li key={p.id} className="flex flex-col gap-1 py-3">
            <p className="text-sm text-slate-600">
              {p.projectName}
              {p.reviewedAt ? ` · ${when(p.reviewedAt)}` : ''}
            </p>
            <p className="text-sm text-slate-900">
              <span className="font-medium">Reason:</span> {p.reason}
            </p>
            <p className="line-clamp-2 text-sm whitespace-pre-wrap text-slate-600">Your flaw: {p.description}</p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
