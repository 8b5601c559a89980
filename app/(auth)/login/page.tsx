import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { SsoSignInButton } from '@/components/auth/sso-sign-in-button';
import { getOidcConfig, OIDC_PROVIDER_ID } from '@/lib/auth/oidc-config';
import { getPasswordSignIn } from '@/lib/auth/password-sign-in';
import { getSessionUser, homeFor } from '@/lib/auth/session';
import { signInErrorMessage } from '@/lib/auth/sign-in-messages';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [user, passwordSignIn] = await Promise.all([getSessionUser(), getPasswordSignIn()]);
  if (user) redirect(homeFor(user.role));
  const params = await searchParams;
  const email = typeof params.email === 'string' ? params.email.slice(0, 254) : '';
  const notice = params.invited === '1' ? 'Your account is ready. Sign in with your new password.' : undefined;
  const sso = getOidcConfig();
  const error = sso && signInErrorMessage(typeof params.error === 'string' ? params.error : undefined);
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in to Preference Lab</h1>
      {passwordSignIn.enabled ? (
        <p className="mb-6 text-sm text-slate-600">Use the email and password your lead or administrator gave you.</p>
      ) : (
        <p className="mb-6 text-sm text-slate-600">Sign in with your organization&apos;s account.</p>
      )}
      {error ? (
        <p role="status" data-testid="sso-error" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {sso ? (
        <div className="mb-4 flex flex-col">
          <SsoSignInButton providerId={OIDC_PROVIDER_ID} name={sso.name} />
        </div>
      ) : null}
      {sso && passwordSignIn.enabled ? (
        <p className="mb-4 text-center text-xs uppercase tracking-wide text-slate-400" aria-hidden="true">
          or with your password
        </p>
      ) : null}
      {passwordSignIn.enabled ? <LoginForm defaultEmail={email} {...(notice ? { notice } : {})} /> : null}
    </>
  );
}
