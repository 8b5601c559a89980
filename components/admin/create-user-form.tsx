'use client';

import { ROLES } from '@/lib/auth/schemas';
import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';

type Props = { action: (state: FormState, data: FormData) => Promise<FormState> };

export function CreateUserForm({ action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const err = (name: string) => state.errors?.[name];
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      <Field id="user-email" label="Email" errors={err('email')}>
        <input
          id="user-email"
          name="email"
          type="email"
          aria-invalid={Boolean(err('email'))}
          aria-describedby="user-email-error"
          className={inputClass}
        />
      </Field>
      <Field id="user-name" label="Name" errors={err('name')}>
        <input id="user-name" name="name" aria-invalid={Boolean(err('name'))} aria-describedby="user-name-error" className={inputClass} />
      </Field>
      <Field id="user-role" label="Role" errors={err('role')}>
        <select id="user-role" name="role" defaultValue="LABELER" className={inputClass}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      <Field id="user-password" label="Initial password" errors={err('password')} hint="At least 10 characters. Share it privately.">
        <input
          id="user-password"
          name="password"
          type="password"
          autoComplete="new-password"
          aria-invalid={Boolean(err('password'))}
          aria-describedby="user-password-error"
          className={inputClass}
        />
      </Field>
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Create user'}
      </Button>
    </form>
  );
}
