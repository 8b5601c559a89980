'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { ZSignIn } from '@/lib/auth/schemas';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';

type Errors = { email?: string[]; password?: string[] };

export function LoginForm({ defaultEmail = '', notice }: { defaultEmail?: string; notice?: string }) {
  const t = useTranslations('Login');
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = ZSignIn.safeParse({ email: form.get('email'), password: form.get('password') });
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as keyof Errors;
        (next[key] ??= []).push(issue.message);
      }
      setErrors(next);
      setMessage(null);
      return;
    }
    setErrors({});
    setPending(true);
    const result = await signIn('credentials', { ...parsed.data, redirect: false });
    setPending(false);
    if (!result || result.error) {
      setMessage(result?.error && result.error !== 'CredentialsSignin' ? result.error : t('invalid'));
      return;
    }
    // A full load of "/": the server answers with a redirect to the role's home (app/page.tsx),
    // so no empty page shows while a client-side navigation waits for it (issue 17).
    window.location.replace('/');
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {notice ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {notice}
        </p>
      ) : null}
      <Field id="email" label={t('email')} errors={errors.email}>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          defaultValue={defaultEmail}
          aria-invalid={Boolean(errors.email)}
          aria-describedby="email-error"
          className={inputClass}
        />
      </Field>
      <Field id="password" label={t('password')} errors={errors.password}>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={Boolean(errors.password)}
          aria-describedby="password-error"
          className={inputClass}
        />
      </Field>
      <div aria-live="polite">
        {message ? (
          <p data-testid="login-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {message}
          </p>
        ) : null}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? t('pending') : t('submit')}
      </Button>
    </form>
  );
}
