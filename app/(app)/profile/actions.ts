'use server';

import { revalidatePath } from 'next/cache';
import { requireUser } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { clearMyProfile } from '@/lib/pool/clear-my-profile';
import { saveMyProfile } from '@/lib/pool/save-my-profile';
import { ZProfileForm } from '@/lib/pool/schemas';

export async function saveMyProfileAction(_state: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser();
  return runAction(ZProfileForm, formData, async (profile) => {
    await saveMyProfile({ userId: user.id, input: profile });
    revalidatePath('/profile');
    return { ok: true, message: 'Profile saved.' };
  });
}

/** Takes no input: it clears the caller's own profile only. */
export async function clearMyProfileAction(_state: FormState, _formData: FormData): Promise<FormState> {
  const user = await requireUser();
  await clearMyProfile({ userId: user.id });
  revalidatePath('/profile');
  return { ok: true, message: 'Your profile was cleared.' };
}
