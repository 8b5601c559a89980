import type { LabelProgress } from '@/lib/tasks/task-view';

/** "Today: N" and the project's completion as a progress bar. */
export function LabelProgressBar({ progress }: { progress: LabelProgress }) {
  const { doneToday, itemsComplete, itemsTotal } = progress;
  return (
    <div role="group" aria-label="Progress" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-700">
      <span>
        Today: <strong className="text-slate-900">{doneToday}</strong>
      </span>
      <span className="flex items-center gap-2">
        <progress value={itemsComplete} max={Math.max(itemsTotal, 1)} className="h-2 w-40 accent-indigo-600" aria-label="Project progress" />
        <span>
          {itemsComplete} / {itemsTotal} items complete
        </span>
      </span>
    </div>
  );
}
