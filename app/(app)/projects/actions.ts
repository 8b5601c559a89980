'use server';

import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { createProject } from '@/lib/projects/create-project';
import { ZCreateProject } from '@/lib/projects/schemas';

export async function createProjectAction(_state: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('LEAD');
  let createdId: string | undefined;
  const state = await runAction(ZCreateProject, formData, async (input) => {
    const project = await createProject({ actorId: user.id, input });
    createdId = project.id;
  });
  if (createdId) redirect(`/projects/${createdId}`);
  return state;
}
