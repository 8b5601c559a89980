'use server';

import { revalidatePath } from 'next/cache';
import { ZAssistanceSettingsForm } from '@/lib/assist/schemas';
import { updateAssistanceSettings } from '@/lib/assist/update-assistance-settings';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';

/** The settings page's assistance form (issue 25): a lead of the project in the form. */
export async function updateAssistanceSettingsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZAssistanceSettingsForm, formData, async (input) => {
    await updateAssistanceSettings({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/settings`);
    return { ok: true, message: 'Saved.' };
  });
}
