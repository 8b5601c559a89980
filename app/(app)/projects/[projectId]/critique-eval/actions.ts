'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import { reviewTrial } from '@/lib/detect/review-trial';
import { ZReviewTrial } from '@/lib/detect/schemas';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';

// The project id in the form is untrusted: the caller must lead *this* project, and the trial is
// looked up inside it.
export async function reviewTrialAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZReviewTrial, formData, async (input) => {
    const { foundIntended } = await reviewTrial({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/critique-eval`);
    return { ok: true, message: foundIntended ? 'Counted as found.' : 'Counted as not found.' };
  });
}
