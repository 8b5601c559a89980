import { getFormatter, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { findMyRejectedDemonstrations } from '@/lib/demonstrations/find-my-rejected-demonstrations';

/** The labeler's rejected demonstrations with their lead's reason; nothing when there are none. */
export async function RejectedDemonstrations({ userId }: { userId: string }) {
  const rejected = await findMyRejectedDemonstrations({ userId });
  if (rejected.length === 0) return null;
  const [t, format] = await Promise.all([getTranslations('MyWork'), getFormatter()]);
  // The day in the labeler's locale and time zone (i18n/request.ts).
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium' });
  return (
    <Card title={t('rejectedDemonstrations')}>
      <ul className="flex flex-col divide-y divide-slate-100">
        {rejected.map((d) => (
          <li key={d.id} className="flex flex-col gap-1 py-3">
            <p dir="auto" className="text-sm text-slate-600">
              {d.projectName}
              {d.reviewedAt ? ` · ${when(d.reviewedAt)}` : ''}
            </p>
            <p className="text-sm text-slate-900">
              <span className="font-medium">{t('reason')}</span> <bdi>{d.reason}</bdi>
            </p>
            <p dir="auto" className="line-clamp-2 text-sm whitespace-pre-wrap text-slate-600">
              {d.excerpt}
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
