import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { InviteForm } from '@/components/auth/invite-form';
import { getInvite } from '@/lib/invites/get-invite';
import { acceptInviteAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Invite');
  return { title: t('title'), referrer: 'no-referrer' };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await getInvite({ token });
  const t = await getTranslations('Invite');
  if (invite.status !== 'valid') {
    return (
      <>
        <h1 className="mb-3 text-xl font-semibold">{t('unavailable')}</h1>
        <p role="status" className="mb-4 text-sm text-slate-700">
          {t(`problem.${invite.status}`)}
        </p>
        <Link href="/login" className="text-sm font-medium text-indigo-700 hover:underline">
          {t('goToSignIn')}
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">{t('heading')}</h1>
      <p className="mb-6 text-sm text-slate-600">
        {invite.projectName ? t('invitedTo', { project: invite.projectName }) : t('invitedToApp')} {t('setPassword')}
      </p>
      <InviteForm token={token} email={invite.email} action={acceptInviteAction} />
    </>
  );
}
