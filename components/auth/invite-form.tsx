'use client';

import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';

type Props = { token: string; email: string; action: (state: FormState, data: FormData) => Promise<FormState> };

/** Sets name and password for an invited account. */
export function InviteForm({ token, email, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-slate-600">
        Account for <span className="font-medium text-slate-900">{email}</span>
      </p>
      <Field id="name" label="Your name" errors={state.errors?.name}>
        <input
          id="name"
          name="name"
          autoComplete="name"
          aria-invalid={Boolean(state.errors?.name)}
          aria-describedby="name-error"
          className={inputClass}
        />
      </Field>
      <Field id="password" label="Choose a password" errors={state.errors?.password} hint="At least 10 characters.">
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          aria-invalid={Boolean(state.errors?.password)}
          aria-describedby="password-error"
          className={inputClass}
        />
      </Field>
      <Field id="confirm" label="Repeat the password" errors={state.errors?.confirm}>
        <input
          id="confirm"
          name="confirm"
          type="password"
          autoComplete="new-password"
          aria-invalid={Boolean(state.errors?.confirm)}
          aria-describedby="confirm-error"
          className={inputClass}
        />
      </Field>
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Creating account…' : 'Create account'}
      </Button>
    </form>
  );
}
