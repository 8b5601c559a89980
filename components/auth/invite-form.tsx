'use client';

import { useTranslations } from 'next-intl';
import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';

type Props = { token: string; email: string; action: (state: FormState, data: FormData) => Promise<FormState> };

/** Sets name and password for an invited account. */
export function InviteForm({ token, email, action }: Props) {
  const t = useTranslations('Invite');
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-slate-600">
        {t.rich('accountFor', { email, strong: (chunks) => <span className="font-medium text-slate-900">{chunks}</span> })}
      </p>
      <Field id="name" label={t('name')} errors={state.errors?.name}>
        <input
          id="name"
          name="name"
          autoComplete="name"
          aria-invalid={Boolean(state.errors?.name)}
          aria-describedby="name-error"
          className={inputClass}
        />
      </Field>
      <Field id="password" label={t('password')} errors={state.errors?.password} hint={t('passwordHint')}>
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
      <Field id="confirm" label={t('confirm')} errors={state.errors?.confirm}>
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
        {pending ? t('pending') : t('submit')}
      </Button>
    </form>
  );
}
