'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { ZPayForm } from '@/lib/worklog/schemas';
import { updatePaySettings } from '@/lib/worklog/update-pay-settings';

/** A lead sets the project's pay rates; the id in the form is untrusted, so the role is checked in that project. */
export async function updatePayAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZPayForm, formData, async ({ projectId: _ignored, ...input }) => {
    await updatePaySettings({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/timesheets`);
    return { ok: true, message: 'Pay rates saved.' };
  });
}
