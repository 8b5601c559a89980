import { formatActive, KIND_LABEL } from '@/components/worklog/format';
import type { FlaggedTask } from '@/lib/worklog/find-timesheet';
import { FAST_WORDS_PER_MINUTE, SLOW_FACTOR } from '@/lib/worklog/rules';

/** The tasks a timesheet flags: read faster than anyone reads, or far slower than the project's other tasks of the kind. */
export function FlaggedTasks({ tasks }: { tasks: FlaggedTask[] }) {
  if (tasks.length === 0) return <p className="text-sm text-slate-600">No task is flagged in this range.</p>;
  return (
    <ul className="flex flex-col divide-y divide-slate-100 text-sm">
      {tasks.map((t) => (
        <li key={t.taskId} className="py-2">
          <span className="font-mono text-xs">{t.localDate}</span> · {t.labelerName} · {t.projectName} · {KIND_LABEL[t.kind]} ·{' '}
          {t.fast ? (
            <span className="font-medium text-amber-800">
              too fast: {Math.round(t.wordsPerMinute ?? 0)} words a minute (over {FAST_WORDS_PER_MINUTE}) in {formatActive(t.recordedMs)}
            </span>
          ) : (
            <span className="font-medium text-amber-800">
              slow: {formatActive(t.recordedMs)} recorded (over {SLOW_FACTOR} × the project’s 95th percentile)
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
