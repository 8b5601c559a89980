'use server';

import { revalidatePath } from 'next/cache';
import { setPasswordSignIn } from '@/lib/auth/password-sign-in';
import { requireRole } from '@/lib/auth/session';
import { ZSetPasswordSignIn } from '@/lib/auth/sso-schemas';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';

export async function setPasswordSignInAction(_state: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole('ADMIN');
  return runAction(ZSetPasswordSignIn, formData, async (input) => {
    await setPasswordSignIn({ actorId: admin.id, enabled: input.enabled });
    revalidatePath('/admin/sign-in');
    return { ok: true, message: input.enabled ? 'Password sign-in is on.' : 'Password sign-in is off.' };
  });
}
