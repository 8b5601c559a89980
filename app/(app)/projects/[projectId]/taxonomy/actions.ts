'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { ZUpdateTaxonomyForm } from '@/lib/taxonomy/schemas';
import { updateTaxonomy } from '@/lib/taxonomy/update-taxonomy';

// The project id in the form is untrusted: the caller must lead *this* project (admins pass).
export async function updateTaxonomyAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZUpdateTaxonomyForm, formData, async ({ baseVersion, responseFlags, promptFlags }) => {
    const { version } = await updateTaxonomy({
      actorId: user.id,
      projectId: project.id,
      baseVersion,
      flags: { responseFlags, promptFlags },
    });
    revalidatePath(`/projects/${project.id}/taxonomy`);
    return { ok: true, message: `Saved as version ${version}.`, result: { version: String(version) } };
  });
}
