'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import { ZTaskSettingsForm } from '@/lib/projects/schemas';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { updateTaskSettings } from '@/lib/projects/update-task-settings';
import { ZStepsSettingsForm } from '@/lib/steps/schemas';
import { updateStepsSettings } from '@/lib/steps/update-steps-settings';
import { updateAspectSettings } from '@/lib/projects/update-aspect-settings';
import { ZAspectSettingsForm } from '@/lib/aspects/schemas';

/** The settings page's one Save: task mix, gold rate, each kind's settings and every member's task kinds, in one transaction. */
export async function updateTaskSettingsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZTaskSettingsForm, formData, async (input) => {
    await updateTaskSettings({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/settings`);
    return { ok: true, message: 'Saved.' };
  });
}

/** The steps settings' Save (issue 27): the steps kind's weight, its split and "until the first error". */
export async function updateStepsSettingsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZStepsSettingsForm, formData, async ({ projectId: _ignored, ...input }) => {
    await updateStepsSettings({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/settings`);
    return { ok: true, message: 'Saved.' };
  });
}

/** The aspects of a ranking (issue 27): on or off, names and descriptions. */
export async function updateAspectSettingsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZAspectSettingsForm, formData, async (input) => {
    await updateAspectSettings({ actorId: user.id, projectId: project.id, settings: input.settings });
    revalidatePath(`/projects/${project.id}/settings`);
    return { ok: true, message: 'Aspects saved.' };
  });
}
