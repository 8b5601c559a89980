'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { EMPTY_FORM_STATE, type FormState } from '@/lib/forms/form-state';

type Props = { enabled: boolean; ssoConfigured: boolean; action: (state: FormState, data: FormData) => Promise<FormState> };

/** The admin's switch for password sign-in (lib/auth/password-sign-in.ts); turning it off needs single sign-on. */
export function PasswordSignInForm({ enabled, ssoConfigured, action }: Props) {
  const [state, formAction, pending] = useActionState(action, EMPTY_FORM_STATE);
  return (
    <form action={formAction} className="flex flex-col gap-3 text-sm">
      <p data-testid="password-sign-in-status">
        Password sign-in is <strong>{enabled ? 'on' : 'off'}</strong>.
        {enabled
          ? ' People with a password can sign in with it.'
          : ' Only single sign-on is offered; the password form is hidden and password sign-ins are refused.'}
      </p>
      <p className="text-slate-600">
        If single sign-on stops working while this is off, an operator can turn password sign-in back on with{' '}
        <code>npm run cli -- password-sign-in enable</code>.
      </p>
      <input type="hidden" name="enabled" value={enabled ? 'false' : 'true'} />
      <div>
        <Button type="submit" variant={enabled ? 'danger' : 'secondary'} disabled={pending || (enabled && !ssoConfigured)}>
          {enabled ? 'Turn password sign-in off' : 'Turn password sign-in on'}
        </Button>
      </div>
      {enabled && !ssoConfigured ? <p className="text-slate-600">Configure single sign-on before turning password sign-in off.</p> : null}
      {state.message ? (
        <p aria-live="polite" className={state.ok === false ? 'text-red-700' : 'text-emerald-700'}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
