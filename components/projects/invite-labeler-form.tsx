'use client';

import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';

type Props = { projectId: string; action: (state: FormState, data: FormData) => Promise<FormState> };

/** Creates a one-time invite link; the link is shown once, here, for the lead to send. */
export function InviteLabelerForm({ projectId, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="role" value="LABELER" />
      <Field id="invite-email" label="Labeler's email" errors={state.errors?.email}>
        <input
          id="invite-email"
          name="email"
          type="email"
          aria-invalid={Boolean(state.errors?.email)}
          aria-describedby="invite-email-error"
          className={inputClass}
        />
      </Field>
      <FormMessage state={state} />
      {state.result?.link ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="invite-link" className="text-sm font-medium">
            Invite link (shown once)
          </label>
          <input
            id="invite-link"
            readOnly
            value={state.result.link}
            className={`${inputClass} font-mono text-xs`}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : null}
      <Button type="submit" disabled={pending}>
        Create invite link
      </Button>
    </form>
  );
}
