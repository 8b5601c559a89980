import { redirect } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import type { StudyGate } from '@/lib/study/get-study-gate';

/** The end of a participant's session: the completion code (or the platform's completion URL), the screen-out code, or why it ended. */
export function StudyFinished({ gate, heading }: { gate: StudyGate; heading: React.ReactNode }) {
  const t = useTranslations('Study');
  if (gate.status === 'COMPLETED' && gate.redirectTo) redirect(gate.redirectTo);
  const body =
    gate.status === 'COMPLETED' ? (
      <>
        <p className="text-slate-700">{t('completeIntro')}</p>
        <p data-testid="study-code" className="mt-2 font-mono text-2xl font-semibold">
          {gate.code}
        </p>
      </>
    ) : gate.status === 'SCREENED_OUT' ? (
      <>
        <p className="text-slate-700">{t('screenedOut')}</p>
        <p data-testid="study-code" className="mt-2 font-mono text-2xl font-semibold">
          {gate.code}
        </p>
      </>
    ) : (
      <p className="text-slate-700">
        {gate.status === 'TIMED_OUT' ? t('timedOut') : t('returned')} {t('keptWork')}
      </p>
    );
  return (
    <div className="flex flex-col gap-6">
      {heading}
      <Card
        title={gate.status === 'COMPLETED' ? t('titleComplete') : gate.status === 'SCREENED_OUT' ? t('titleEnded') : t('titleSessionEnded')}
      >
        {body}
      </Card>
    </div>
  );
}
