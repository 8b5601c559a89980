import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { requireUser } from '@/lib/auth/session';
import { getUserLocale } from '@/lib/i18n/get-user-locale';
import { setMyLocaleAction } from './locale-actions';

// Pages below guard themselves too; this only draws the header for the signed-in user.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const savedLocale = await getUserLocale({ userId: user.id });
  return (
    <>
      <AppHeader user={user} savedLocale={savedLocale} saveLocale={setMyLocaleAction} />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
