'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { reviewPerturbation } from '@/lib/perturb/review-perturbation';
import { ZReviewPerturbation } from '@/lib/perturb/schemas';

// The project id in the form is untrusted: the caller must lead *this* project, and the
// perturbation is looked up inside it.
export async function reviewPerturbationAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZReviewPerturbation, formData, async (input) => {
    const { status } = await reviewPerturbation({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/perturbations`);
    return { ok: true, message: `Marked ${status.toLowerCase()}.` };
  });
}
