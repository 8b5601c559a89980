'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';

/** Signs the participant in with their one-time entry ticket (the `study` provider), then opens the task page. */
export function StudyEntry({ ticket, projectId }: { ticket: string; projectId: string }) {
  const t = useTranslations('Study');
  const [failed, setFailed] = useState(false);
  const sent = useRef(false);
  useEffect(() => {
    // The ticket works once: never send it twice (React may run an effect twice in development).
    if (sent.current) return;
    sent.current = true;
    void signIn('study', { ticket, redirect: false }).then((result) => {
      if (!result || result.error) setFailed(true);
      else window.location.replace(`/label/${projectId}`);
    });
  }, [ticket, projectId]);
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">{t('starting')}</h1>
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {failed ? t('startFailed') : t('oneMoment')}
      </p>
    </>
  );
}
