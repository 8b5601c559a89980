import type { StudyGate } from '@/lib/study/get-study-gate';

/** A study participant's progress toward the quota, above every task screen. */
export function StudyBanner({ gate }: { gate: StudyGate }) {
  return (
    <p role="status" data-testid="study-quota" className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
      {gate.quotaTasks !== null
        ? `Study progress: ${gate.tasksDone} of ${gate.quotaTasks} tasks done.`
        : `Study progress: ${gate.tasksDone} tasks done, ${gate.minutesLeft ?? 0} minutes left.`}
    </p>
  );
}
