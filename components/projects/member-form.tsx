'use client';

import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';

type Props = { projectId: string; action: (state: FormState, data: FormData) => Promise<FormState> };

export function MemberForm({ projectId, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      <Field id="member-email" label="Email" errors={state.errors?.email}>
        <input
          id="member-email"
          name="email"
          type="email"
          aria-invalid={Boolean(state.errors?.email)}
          aria-describedby="member-email-error"
          className={inputClass}
        />
      </Field>
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        Add member
      </Button>
    </form>
  );
}
