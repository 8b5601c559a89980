import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StudyEntry } from '@/components/study/study-entry';
import { isAppError } from '@/lib/errors';
import { admitParticipant } from '@/lib/study/admit-participant';

export const metadata: Metadata = { title: 'Study', referrer: 'no-referrer' };

/**
 * Public by design: a crowd-platform participant arrives here with the platform's URL parameters;
 * the link's secret token is the credential (lib/study/admit-participant.ts). They are admitted (or
 * found again by their platform id) and signed in with a one-time ticket, then sent to the task page.
 */
export default async function StudyEntryPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ token }, query] = await Promise.all([params, searchParams]);
  const admitted = await admitParticipant({ token, query }).catch((error: unknown) => {
    if (isAppError(error)) return { problem: error.message };
    throw error;
  });
  if ('problem' in admitted) {
    const t = await getTranslations('Study');
    return (
      <>
        <h1 className="mb-3 text-xl font-semibold">{t('entryProblemHeading')}</h1>
        <p role="status" data-testid="study-problem" className="text-sm text-slate-700">
          {admitted.problem}
        </p>
        <p className="mt-3 text-sm text-slate-600">{t('entryProblemHint')}</p>
      </>
    );
  }
  return <StudyEntry ticket={admitted.ticket} projectId={admitted.projectId} />;
}
