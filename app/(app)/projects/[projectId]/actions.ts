'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { requireProjectMember } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { createInvite } from '@/lib/invites/create-invite';
import { ZCreateInvite } from '@/lib/invites/schemas';
import { addMember } from '@/lib/projects/add-member';
import { removeMember } from '@/lib/projects/remove-member';
import { ZAddMember, ZRemoveMember } from '@/lib/projects/schemas';

// Every action re-checks that the caller leads *this* project: the id in the form is untrusted.
async function requireLeadOf(formData: FormData) {
  const projectId = String(formData.get('projectId') ?? '');
  return requireProjectMember(projectId, ['LEAD']);
}

export async function addMemberAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZAddMember, formData, async (input) => {
    const { added } = await addMember({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidatePath(`/projects/${project.id}`);
    return { ok: true, message: added ? `Added ${input.email}.` : `${input.email} is already a member.` };
  });
}

export async function removeMemberAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZRemoveMember, formData, async (input) => {
    const { removed } = await removeMember({ actorId: user.id, input: { ...input, projectId: project.id } });
    // Nothing to remove (another lead was quicker, or the id is not a member here): say so rather than claim success.
    if (!removed) throw new AppError('NOT_FOUND', 'This person is not a member of the project.');
    revalidatePath(`/projects/${project.id}`);
    return { ok: true, message: 'Member removed.' };
  });
}

export async function createInviteAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZCreateInvite, formData, async (input) => {
    const invite = await createInvite({ actor: user, input: { ...input, projectId: project.id } });
    const h = await headers();
    const origin = getEnv().NEXTAUTH_URL?.replace(/\/$/, '') ?? `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('host') ?? 'localhost'}`;
    return {
      ok: true,
      message: `Invite created for ${invite.email}. The link works once and expires ${invite.expiresAt.toUTCString()}.`,
      result: { link: `${origin}/invite/${invite.token}` },
    };
  });
}
