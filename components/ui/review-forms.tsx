'use client';

import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

export type ReviewAction = (state: FormState, data: FormData) => Promise<FormState>;

/** An action's outcome under its form: a status when it worked, an alert when it did not. */
export function ReviewMessage({ state }: { state: FormState }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>
      {state.message}
    </p>
  );
}

/** Hidden inputs naming what a review form is about (project id, the reviewed row's id, …). */
export function HiddenFields({ fields }: { fields: Record<string, string> }) {
  return (
    <>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/**
 * A lead's accept and reject-with-a-reason forms for one reviewed row (a demonstration, a
 * perturbation): each posts `fields` plus `action` (and `note`) to `review`.
 */
export function AcceptRejectForms({ fields, review }: { fields: Record<string, string>; review: ReviewAction }) {
  const id = useId();
  const accept = useFormAction(review);
  const reject = useFormAction(review);
  return (
    <>
      <form {...accept.formProps}>
        <HiddenFields fields={fields} />
        <input type="hidden" name="action" value="accept" />
        <Button type="submit" disabled={accept.pending}>
          Accept
        </Button>
        <ReviewMessage state={accept.state} />
      </form>
      <form {...reject.formProps} className="flex flex-wrap items-end gap-2">
        <HiddenFields fields={fields} />
        <input type="hidden" name="action" value="reject" />
        <Field id={`${id}-reason`} label="Reason for rejecting" errors={reject.state.errors?.note}>
          <input
            id={`${id}-reason`}
            name="note"
            className={inputClass}
            aria-describedby={`${id}-reason-error`}
            aria-invalid={Boolean(reject.state.errors?.note) || undefined}
          />
        </Field>
        <Button type="submit" variant="danger" disabled={reject.pending}>
          Reject
        </Button>
        <ReviewMessage state={reject.state} />
      </form>
    </>
  );
}
