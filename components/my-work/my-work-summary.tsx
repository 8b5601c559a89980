import { useTranslations } from 'next-intl';
import { MY_WORK_MEASURES } from '@/components/my-work/my-work-measures';
import { useMeasureWords } from '@/components/my-work/use-measure-words';
import type { MyWorkStats } from '@/lib/judgments/find-my-work-stats';

/** The measures as tiles: a description list, read as term and value. */
export function MyWorkSummary({ stats }: { stats: MyWorkStats }) {
  const t = useTranslations('MyWork');
  const words = useMeasureWords();
  return (
    <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
      {MY_WORK_MEASURES.map((m) => (
        <div key={m.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <dt className="text-sm text-slate-600">{t(`measure.${m.id}`)}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{m.value(stats, words)}</dd>
        </div>
      ))}
    </dl>
  );
}
