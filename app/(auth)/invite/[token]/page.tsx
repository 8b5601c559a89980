import type { Metadata } from 'next';
import Link from 'next/link';
import { InviteForm } from '@/components/auth/invite-form';
import { getInvite } from '@/lib/invites/get-invite';
import { acceptInviteAction } from './actions';

export const metadata: Metadata = { title: 'Accept invite', referrer: 'no-referrer' };

const PROBLEMS = {
  used: 'This invite link has already been used. If you set your password, sign in.',
  expired: 'This invite link has expired. Ask your lead for a new one.',
  unknown: 'This invite link is not valid. Check that you copied the whole link.',
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await getInvite({ token });
  if (invite.status !== 'valid') {
    return (
      <>
        <h1 className="mb-3 text-xl font-semibold">Invite unavailable</h1>
        <p role="status" className="mb-4 text-sm text-slate-700">
          {PROBLEMS[invite.status]}
        </p>
        <Link href="/login" className="text-sm font-medium text-indigo-700 hover:underline">
          Go to sign in
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Join Preference Lab</h1>
      <p className="mb-6 text-sm text-slate-600">
        {invite.projectName ? `You are invited to label for “${invite.projectName}”.` : 'You are invited to Preference Lab.'} Set a password
        to finish.
      </p>
      <InviteForm token={token} email={invite.email} action={acceptInviteAction} />
    </>
  );
}
