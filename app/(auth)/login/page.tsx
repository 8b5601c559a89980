import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LoginForm } from '@/components/auth/login-form';
import { SsoSignInButton } from '@/components/auth/sso-sign-in-button';
import { getOidcConfig, OIDC_PROVIDER_ID } from '@/lib/auth/oidc-config';
import { getPasswordSignIn } from '@/lib/auth/password-sign-in';
import { getSessionUser, homeFor } from '@/lib/auth/session';
import { signInErrorKey } from '@/lib/auth/sign-in-messages';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Login');
  return { title: t('title') };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [user, passwordSignIn] = await Promise.all([getSessionUser(), getPasswordSignIn()]);
  if (user) redirect(homeFor(user.role));
  const t = await getTranslations('Login');
  const params = await searchParams;
  const email = typeof params.email === 'string' ? params.email.slice(0, 254) : '';
  const notice = params.invited === '1' ? t('invitedNotice') : undefined;
  const sso = getOidcConfig();
  const errorKey = sso ? signInErrorKey(typeof params.error === 'string' ? params.error : undefined) : null;
  const error = errorKey ? t(`ssoErrors.${errorKey}`) : null;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">{t('heading')}</h1>
      {passwordSignIn.enabled ? (
        <p className="mb-6 text-sm text-slate-600">{t('intro')}</p>
      ) : (
        <p className="mb-6 text-sm text-slate-600">{t('introSso')}</p>
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
        <p className="mb-4 text-center text-xs uppercase tracking-wide text-slate-600" aria-hidden="true">
          {t('orPassword')}
        </p>
      ) : null}
      {passwordSignIn.enabled ? <LoginForm defaultEmail={email} {...(notice ? { notice } : {})} /> : null}
    </>
  );
}
