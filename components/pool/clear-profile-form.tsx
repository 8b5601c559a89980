'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/** "Clear my profile", with one confirmation step; `onCleared` runs after a successful clear. */
export function ClearProfileForm({ action, onCleared }: { action: Action; onCleared?: () => void }) {
  const t = useTranslations('Profile');
  const { state, pending, formProps } = useFormAction(action);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (state.ok) {
      setConfirming(false);
      onCleared?.();
    }
  }, [state, onCleared]);
  return (
    <div className="flex flex-col gap-2">
      {confirming ? (
        <form
          {...formProps}
          role="group"
          aria-label={t('confirmClear')}
          className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 p-3"
        >
          <p className="text-sm text-red-900">{t('clearQuestion')}</p>
          <Button type="submit" variant="danger" disabled={pending}>
            {t('clearYes')}
          </Button>
          <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
            {t('keep')}
          </Button>
        </form>
      ) : (
        <div>
          <Button type="button" variant="danger" onClick={() => setConfirming(true)}>
            {t('clearTitle')}
          </Button>
        </div>
      )}
      <FormMessage state={state} />
    </div>
  );
}
