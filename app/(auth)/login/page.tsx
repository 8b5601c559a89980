import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LoginForm } from '@/components/auth/login-form';
import { getSessionUser, homeFor } from '@/lib/auth/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Login');
  return { title: t('title') };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getSessionUser();
  if (user) redirect(homeFor(user.role));
  const t = await getTranslations('Login');
  const params = await searchParams;
  const email = typeof params.email === 'string' ? params.email.slice(0, 254) : '';
  const notice = params.invited === '1' ? t('invitedNotice') : undefined;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">{t('heading')}</h1>
      <p className="mb-6 text-sm text-slate-600">{t('intro')}</p>
      <LoginForm defaultEmail={email} {...(notice ? { notice } : {})} />
    </>
  );
}
