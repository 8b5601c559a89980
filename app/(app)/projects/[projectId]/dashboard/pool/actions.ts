'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { updatePoolSettings } from '@/lib/pool/pool-settings';
import { deleteProfileField, saveProfileField } from '@/lib/pool/save-profile-field';
import { ZDeleteProfileField, ZItemRequirements, ZPoolSettings, ZProfileField } from '@/lib/pool/schemas';
import { setItemRequirements } from '@/lib/pool/set-item-requirements';

// Every action re-checks that the caller leads *this* project (admins pass); the lib calls are
// scoped by the checked project id, so a field or item of another project is NOT_FOUND.
async function requireLeadOf(formData: FormData) {
  return requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
}

export async function updatePoolSettingsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZPoolSettings, formData, async (input) => {
    await updatePoolSettings({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidatePath(`/projects/${project.id}/dashboard/pool`);
    return { ok: true, message: 'Pool settings saved.' };
  });
}

export async function saveProfileFieldAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZProfileField, formData, async (input) => {
    await saveProfileField({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidatePath(`/projects/${project.id}/dashboard/pool`);
    return { ok: true, message: `Field “${input.label}” saved.` };
  });
}

export async function deleteProfileFieldAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZDeleteProfileField, formData, async (input) => {
    await deleteProfileField({ actorId: user.id, projectId: project.id, fieldId: input.fieldId });
    revalidatePath(`/projects/${project.id}/dashboard/pool`);
    return { ok: true, message: 'Field deleted.' };
  });
}

export async function setItemRequirementsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZItemRequirements, formData, async (input) => {
    await setItemRequirements({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidatePath(`/projects/${project.id}/items/${input.itemId}`);
    revalidatePath(`/projects/${project.id}/dashboard/pool`);
    return {
      ok: true,
      message: input.requiredLanguage || input.requiredExpertise ? 'Routing saved.' : 'Routing cleared: open to everyone.',
    };
  });
}
