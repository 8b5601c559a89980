import { redirect } from 'next/navigation';
import { Card } from '@/components/ui/card';
import type { StudyGate } from '@/lib/study/get-study-gate';

/** The end of a participant's session: the completion code (or the platform's completion URL), the screen-out code, or why it ended. */
export function StudyFinished({ gate, heading }: { gate: StudyGate; heading: React.ReactNode }) {
  if (gate.status === 'COMPLETED' && gate.redirectTo) redirect(gate.redirectTo);
  const body =
    gate.status === 'COMPLETED' ? (
      <>
        <p className="text-slate-700">Thank you: you have reached this study&apos;s quota. Enter this completion code on the platform:</p>
        <p data-testid="study-code" className="mt-2 font-mono text-2xl font-semibold">
          {gate.code}
        </p>
      </>
    ) : gate.status === 'SCREENED_OUT' ? (
      <>
        <p className="text-slate-700">
          Thank you for your time. Your answers on the check items did not meet this study&apos;s requirement, so no more tasks will be given.
          Enter this code on the platform:
        </p>
        <p data-testid="study-code" className="mt-2 font-mono text-2xl font-semibold">
          {gate.code}
        </p>
      </>
    ) : (
      <p className="text-slate-700">
        {gate.status === 'TIMED_OUT'
          ? 'Your session has timed out: the time for this study is over and your unfinished task went back to the pool.'
          : 'You returned this study on the platform: your unfinished task went back to the pool.'}{' '}
        Work you submitted is kept.
      </p>
    );
  return (
    <div className="flex flex-col gap-6">
      {heading}
      <Card title={gate.status === 'COMPLETED' ? 'Study complete' : gate.status === 'SCREENED_OUT' ? 'Study ended' : 'Session ended'}>{body}</Card>
    </div>
  );
}
