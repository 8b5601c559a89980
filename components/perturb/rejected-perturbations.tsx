import { getFormatter, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { findMyRejectedPerturbations } from '@/lib/perturb/find-my-rejected-perturbations';

/** The labeler's rejected perturbations with their lead's reason; nothing when there are none. */
export async function RejectedPerturbations({ userId }: { userId: string }) {
  const rejected = await findMyRejectedPerturbations({ userId });
  if (rejected.length === 0) return null;
  const [t, format] = await Promise.all([getTranslations('MyWork'), getFormatter()]);
  // The day in the labeler's locale and time zone (i18n/request.ts).
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium' });
  return (
    <Card title={t('rejectedPerturbations')}>
      <ul className="flex flex-col divide-y divide-slate-100">
        {rejected.map((p) => (
          <li key={p.id} className="flex flex-col gap-1 py-3">
            <p dir="auto" className="text-sm text-slate-600">
              {p.projectName}
              {p.reviewedAt ? ` · ${when(p.reviewedAt)}` : ''}
            </p>
            <p className="text-sm text-slate-900">
              <span className="font-medium">{t('reason')}</span> <bdi>{p.reason}</bdi>
            </p>
            <p className="line-clamp-2 text-sm whitespace-pre-wrap text-slate-600">
              {t('yourFlaw')} <bdi>{p.description}</bdi>
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
