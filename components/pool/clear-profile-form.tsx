'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/** "Clear my profile", with one confirmation step; `onCleared` runs after a successful clear. */
export function ClearProfileForm({ action, onCleared }: { action: Action; onCleared?: () => void }) {
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
          aria-label="Confirm clearing your profile"
          className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 p-3"
        >
          <p className="text-sm text-red-900">
            Delete your languages, region, expertise and every project answer? Tasks you already did are not affected.
          </p>
          <Button type="submit" variant="danger" disabled={pending}>
            Yes, clear my profile
          </Button>
          <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        </form>
      ) : (
        <div>
          <Button type="button" variant="danger" onClick={() => setConfirming(true)}>
            Clear my profile
          </Button>
        </div>
      )}
      <FormMessage state={state} />
    </div>
  );
}
