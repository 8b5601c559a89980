'use client';

import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

function Message({ state }: { state: FormState }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>
      {state.message}
    </p>
  );
}

/** A lead's review of one perturbation: accept, or reject with a reason the author sees. */
export function PerturbationReview({ projectId, perturbationId, review }: { projectId: string; perturbationId: string; review: Action }) {
  const id = useId();
  const accept = useFormAction(review);
  const reject = useFormAction(review);
  const hidden = (
    <>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="perturbationId" value={perturbationId} />
    </>
  );
  return (
    <div className="flex flex-wrap items-start gap-4">
      <form {...accept.formProps}>
        {hidden}
        <input type="hidden" name="action" value="accept" />
        <Button type="submit" disabled={accept.pending}>
          Accept
        </Button>
        <Message state={accept.state} />
      </form>
      <form {...reject.formProps} className="flex flex-wrap items-end gap-2">
        {hidden}
        <input type="hidden" name="action" value="reject" />
        <Field id={`${id}-reason`} label="Reason for rejecting" errors={reject.state.errors?.note}>
          <input id={`${id}-reason`} name="note" className={inputClass} aria-describedby={`${id}-reason-error`} aria-invalid={Boolean(reject.state.errors?.note) || undefined} />
        </Field>
        <Button type="submit" variant="danger" disabled={reject.pending}>
          Reject
        </Button>
        <Message state={reject.state} />
      </form>
    </div>
  );
}
