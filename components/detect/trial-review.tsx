'use client';

import { Button } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/** The lead's verdict on one ambiguous trial: the description matches the planted flaw (confirm) or not (deny). */
export function TrialReview({ projectId, trialId, review }: { projectId: string; trialId: string; review: Action }) {
  const confirm = useFormAction(review);
  const deny = useFormAction(review);
  const state = confirm.state.message ? confirm.state : deny.state;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {(
          [
            ['confirm', confirm, 'Confirm: the planted flaw was found'],
            ['deny', deny, 'Deny: a different flaw'],
          ] as const
        ).map(([verdict, form, label]) => (
          <form key={verdict} {...form.formProps}>
            <input type="hidden" name="projectId" value={projectId} />
            <input type="hidden" name="trialId" value={trialId} />
            <input type="hidden" name="verdict" value={verdict} />
            <Button type="submit" variant={verdict === 'confirm' ? 'primary' : 'secondary'} disabled={confirm.pending || deny.pending}>
              {label}
            </Button>
          </form>
        ))}
      </div>
      {state.message ? (
        <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
