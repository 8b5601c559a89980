'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { cancelGenerationJob } from '@/lib/generation/cancel-generation-job';
import { createCritiquesJob } from '@/lib/generation/create-critiques-job';
import { createResponsesJob } from '@/lib/generation/create-responses-job';
import { resumeGenerationJob } from '@/lib/generation/resume-generation-job';
import { saveCritiqueTemplate } from '@/lib/generation/save-critique-template';
import { ZGenerateCritiquesForm, ZGenerateResponsesForm, ZJobAction, ZSaveCritiqueTemplate } from '@/lib/generation/schemas';

// Every action: the project id in the form is untrusted; the caller must lead *this* project, and the
// job or connection is looked up inside it.

export async function generateResponsesAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  let jobId: string | undefined;
  const state = await runAction(ZGenerateResponsesForm, formData, async (input) => {
    jobId = (await createResponsesJob({ actorId: user.id, input: { ...input, projectId: project.id } })).jobId;
  });
  if (jobId) redirect(`/projects/${project.id}/jobs/${jobId}`);
  return state;
}

export async function generateCritiquesAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  let jobId: string | undefined;
  const state = await runAction(ZGenerateCritiquesForm, formData, async (input) => {
    jobId = (await createCritiquesJob({ actorId: user.id, input: { ...input, projectId: project.id } })).jobId;
  });
  if (jobId) redirect(`/projects/${project.id}/jobs/${jobId}`);
  return state;
}

export async function saveCritiqueTemplateAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZSaveCritiqueTemplate, formData, async (input) => {
    const { version } = await saveCritiqueTemplate({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidatePath(`/projects/${project.id}/jobs`);
    return { ok: true, message: `Saved as version ${version}.` };
  });
}

export async function cancelJobAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZJobAction, formData, async ({ jobId }) => {
    await cancelGenerationJob({ actorId: user.id, projectId: project.id, jobId });
    revalidatePath(`/projects/${project.id}/jobs/${jobId}`);
    return { ok: true, message: 'Cancelled: no new request is sent.' };
  });
}

export async function resumeJobAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZJobAction, formData, async ({ jobId }) => {
    await resumeGenerationJob({ actorId: user.id, projectId: project.id, jobId });
    revalidatePath(`/projects/${project.id}/jobs/${jobId}`);
    return { ok: true, message: 'Resumed.' };
  });
}
