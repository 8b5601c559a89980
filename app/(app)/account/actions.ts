'use server';

import { revalidatePath } from 'next/cache';
import { requireRole, requireUser } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { getMemberProject } from '@/lib/auth/get-member-project';
import { createApiToken } from '@/lib/tokens/create-api-token';
import { revokeApiToken } from '@/lib/tokens/revoke-api-token';
import { ZCreateOwnApiToken, ZRevokeApiToken } from '@/lib/tokens/schemas';

/** A token for the signed-in user only; one bound to a project needs membership there (admins: every project). */
export async function createApiTokenAction(_state: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('LEAD', 'RESEARCHER');
  return runAction(ZCreateOwnApiToken, formData, async (input) => {
    if (input.projectId && !(await getMemberProject({ user, projectId: input.projectId }))) {
      throw new AppError('FORBIDDEN', 'Please fix the highlighted fields.', { projectId: ['Choose a project you are a member of'] });
    }
    const token = await createApiToken({ actorId: user.id, input: { ...input, userId: user.id } });
    revalidatePath('/account');
    return { ok: true, message: `Token "${input.name}" created.`, result: { token: token.token } };
  });
}

export async function revokeApiTokenAction(_state: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser();
  return runAction(ZRevokeApiToken, formData, async (input) => {
    await revokeApiToken({ actor: user, input });
    revalidatePath('/account');
    return { ok: true, message: 'Token revoked.' };
  });
}
