import type { LabelProgress } from '@/lib/tasks/task-view';

/**
 * The labeler's own count today and the project's completion, each saying what it counts: "your
 * labels today" are this labeler's rankings in the project since midnight UTC; "items complete" are
 * items that have every answer they need, from all labelers.
 */
export function LabelProgressBar({ progress, compact = false }: { progress: LabelProgress; compact?: boolean }) {
  const { doneToday, itemsComplete, itemsTotal } = progress;
  return (
    <div
      role="group"
      aria-label="Progress"
      className={`flex flex-wrap items-center gap-x-4 gap-y-0.5 ${compact ? 'text-xs' : 'text-sm'} text-slate-700`}
    >
      <span>
        Your labels today: <strong className="text-slate-900">{doneToday}</strong>
      </span>
      <span className="flex items-center gap-2">
        <progress
          value={itemsComplete}
          max={Math.max(itemsTotal, 1)}
          className={`h-2 ${compact ? 'w-20' : 'w-40'} accent-indigo-600`}
          aria-label="Items complete, all labelers"
        />
        <span>
          Items complete (all labelers): {itemsComplete} / {itemsTotal}
        </span>
      </span>
    </div>
  );
}
