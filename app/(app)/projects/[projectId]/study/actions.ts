'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { requireProjectMember } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { createStudyLink, studyEntryUrl } from '@/lib/study/create-study-link';
import { markParticipantReturned } from '@/lib/study/mark-participant-returned';
import { ZCreateStudyLink, ZMarkParticipantReturned, ZSetStudyLinkOpen } from '@/lib/study/schemas';
import { setStudyLinkOpen } from '@/lib/study/set-study-link-open';

// Every action re-checks that the caller leads *this* project: the id in the form is untrusted.
async function requireLeadOf(formData: FormData) {
  return requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
}

export async function createStudyLinkAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZCreateStudyLink, formData, async (input) => {
    const link = await createStudyLink({ actorId: user.id, input: { ...input, projectId: project.id } });
    const h = await headers();
    const origin = getEnv().NEXTAUTH_URL?.replace(/\/$/, '') ?? `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('host') ?? 'localhost'}`;
    revalidatePath(`/projects/${project.id}/study`);
    return {
      ok: true,
      message: `Study link “${link.name}” created. Copy its URL now: it is shown once.`,
      result: { link: studyEntryUrl({ ...link, baseUrl: origin }) },
    };
  });
}

export async function markParticipantReturnedAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZMarkParticipantReturned, formData, async (input) => {
    await markParticipantReturned({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidatePath(`/projects/${project.id}/study`);
    return { ok: true, message: 'Marked returned; their live task went back to the pool.' };
  });
}

export async function setStudyLinkOpenAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZSetStudyLinkOpen, formData, async (input) => {
    const { open } = await setStudyLinkOpen({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidatePath(`/projects/${project.id}/study`);
    return {
      ok: true,
      message: open ? 'The link admits new participants again.' : 'The link admits no one new; participants already in can resume.',
    };
  });
}
