'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import { reviewDemonstration } from '@/lib/demonstrations/review-demonstration';
import { ZReviewDemonstration } from '@/lib/demonstrations/schemas';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';

// The project id in the form is untrusted: the caller must lead *this* project, and the
// demonstration is looked up inside it.
export async function reviewDemonstrationAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZReviewDemonstration, formData, async (input) => {
    const { status } = await reviewDemonstration({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/demonstrations`);
    return { ok: true, message: input.action === 'edit' ? 'Edit saved.' : `Marked ${status.toLowerCase()}.` };
  });
}
