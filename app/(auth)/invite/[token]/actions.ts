'use server';

import { redirect } from 'next/navigation';
import { ZAcceptInvite } from '@/lib/auth/schemas';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { acceptInvite } from '@/lib/invites/accept-invite';

// Public by design: the one-time token is the credential, checked under a row lock in acceptInvite.
export async function acceptInviteAction(_state: FormState, formData: FormData): Promise<FormState> {
  let email: string | undefined;
  const state = await runAction(ZAcceptInvite, formData, async (input) => {
    const user = await acceptInvite({ input });
    email = user.email;
  });
  if (email) redirect(`/login?invited=1&email=${encodeURIComponent(email)}`);
  return state;
}
