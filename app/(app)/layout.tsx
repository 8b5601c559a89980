import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { requireUser } from '@/lib/auth/session';

// Pages below guard themselves too; this only draws the header for the signed-in user.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
