'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import { ZChatSettingsForm } from '@/lib/chat/schemas';
import { updateChatSettings } from '@/lib/chat/update-chat-settings';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';

/** The settings page's chat form (issue 26): the chat weight and projects.settings.chat. */
export async function updateChatSettingsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZChatSettingsForm, formData, async (input) => {
    await updateChatSettings({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/settings`);
    return { ok: true, message: 'Saved.' };
  });
}
