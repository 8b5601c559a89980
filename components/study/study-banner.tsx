import { useTranslations } from 'next-intl';
import type { StudyGate } from '@/lib/study/get-study-gate';

/** A study participant's progress toward the quota, above every task screen. */
export function StudyBanner({ gate }: { gate: StudyGate }) {
  const t = useTranslations('Study');
  return (
    <p role="status" data-testid="study-quota" className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
      {gate.quotaTasks !== null
        ? t('progressTasks', { done: gate.tasksDone, quota: gate.quotaTasks })
        : t('progressMinutes', { done: gate.tasksDone, minutes: gate.minutesLeft ?? 0 })}
    </p>
  );
}
