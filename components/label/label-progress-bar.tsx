import { useTranslations } from 'next-intl';
import type { LabelProgress } from '@/lib/tasks/task-view';

/**
 * The labeler's own count today and the project's completion, each saying what it counts: "your
 * labels today" are this labeler's rankings in the project since midnight UTC; "items complete" are
 * items that have every answer they need, from all labelers.
 */
export function LabelProgressBar({ progress, compact = false }: { progress: LabelProgress; compact?: boolean }) {
  const { doneToday, itemsComplete, itemsTotal } = progress;
  const t = useTranslations('Progress');
  return (
    <div
      role="group"
      aria-label={t('name')}
      className={`flex flex-wrap items-center gap-x-4 gap-y-0.5 ${compact ? 'text-xs' : 'text-sm'} text-slate-700`}
    >
      <span>{t.rich('today', { count: doneToday, strong: (chunks) => <strong className="text-slate-900">{chunks}</strong> })}</span>
      <span className="flex items-center gap-2">
        <progress
          value={itemsComplete}
          max={Math.max(itemsTotal, 1)}
          className={`h-2 ${compact ? 'w-20' : 'w-40'} accent-indigo-600`}
          aria-label={t('bar')}
        />
        <span>{t('complete', { done: itemsComplete, total: itemsTotal })}</span>
      </span>
    </div>
  );
}
