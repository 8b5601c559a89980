'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import { ZProjectTaskSettings, ZSetMemberKinds } from '@/lib/demonstrations/schemas';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { setMemberKinds } from '@/lib/projects/set-member-kinds';
import { updateTaskSettings } from '@/lib/projects/update-task-settings';

export async function updateTaskSettingsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZProjectTaskSettings, formData, async (input) => {
    await updateTaskSettings({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/settings`);
    return { ok: true, message: 'Saved.' };
  });
}

export async function setMemberKindsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZSetMemberKinds, formData, async (input) => {
    await setMemberKinds({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/settings`);
    return { ok: true, message: 'Saved.' };
  });
}
