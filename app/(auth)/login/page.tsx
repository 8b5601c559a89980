import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { getSessionUser, homeFor } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getSessionUser();
  if (user) redirect(homeFor(user.role));
  const params = await searchParams;
  const email = typeof params.email === 'string' ? params.email.slice(0, 254) : '';
  const notice = params.invited === '1' ? 'Your account is ready. Sign in with your new password.' : undefined;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in to Preference Lab</h1>
      <p className="mb-6 text-sm text-slate-600">Use the email and password your lead or administrator gave you.</p>
      <LoginForm defaultEmail={email} {...(notice ? { notice } : {})} />
    </>
  );
}
