'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { createUser } from '@/lib/users/create-user';
import { ZCreateUser, ZSetUserActive, ZSetUserRole } from '@/lib/users/schemas';
import { setUserActive } from '@/lib/users/set-user-active';
import { setUserRole } from '@/lib/users/set-user-role';

export async function createUserAction(_state: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole('ADMIN');
  return runAction(ZCreateUser, formData, async (input) => {
    const user = await createUser({ actorId: admin.id, input });
    revalidatePath('/admin/users');
    return { ok: true, message: `Created ${user.email} (${user.role}).` };
  });
}

export async function setUserRoleAction(_state: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole('ADMIN');
  return runAction(ZSetUserRole, formData, async (input) => {
    await setUserRole({ actorId: admin.id, input });
    revalidatePath('/admin/users');
    return { ok: true, message: 'Role updated.' };
  });
}

export async function setUserActiveAction(_state: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole('ADMIN');
  return runAction(ZSetUserActive, formData, async (input) => {
    await setUserActive({ actorId: admin.id, input });
    revalidatePath('/admin/users');
    return { ok: true, message: input.active ? 'Account reactivated.' : 'Account deactivated.' };
  });
}
