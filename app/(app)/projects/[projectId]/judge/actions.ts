'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { createDiscriminateJob } from '@/lib/generation/create-discriminate-job';
import { createJudgeJob } from '@/lib/generation/create-judge-job';
import { saveJudgeTemplate } from '@/lib/judge/save-judge-template';
import { ZDiscriminateRunForm, ZJudgeRunForm, ZSaveJudgeTemplate } from '@/lib/judge/schemas';

// The project id in the form is untrusted: the caller must lead *this* project; the connection is looked up inside it.

export async function startJudgeRunAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  let jobId: string | undefined;
  const state = await runAction(ZJudgeRunForm, formData, async (input) => {
    jobId = (await createJudgeJob({ actorId: user.id, input: { ...input, projectId: project.id } })).jobId;
  });
  if (jobId) redirect(`/projects/${project.id}/jobs/${jobId}`);
  return state;
}

export async function startDiscriminateRunAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  let jobId: string | undefined;
  const state = await runAction(ZDiscriminateRunForm, formData, async (input) => {
    jobId = (await createDiscriminateJob({ actorId: user.id, input: { ...input, projectId: project.id } })).jobId;
  });
  if (jobId) redirect(`/projects/${project.id}/jobs/${jobId}`);
  return state;
}

export async function saveJudgeTemplateAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZSaveJudgeTemplate, formData, async (input) => {
    const { version } = await saveJudgeTemplate({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidatePath(`/projects/${project.id}/judge`);
    return { ok: true, message: `Saved as version ${version}.` };
  });
}
