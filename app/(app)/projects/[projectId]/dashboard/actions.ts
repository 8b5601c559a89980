'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import { adjudicateItem } from '@/lib/dashboard/adjudicate-item';
import { ZAdjudicateItemForm, ZSetMemberExcludedForm, ZSetMemberPausedForm } from '@/lib/dashboard/schemas';
import { setMemberExcluded } from '@/lib/dashboard/set-member-excluded';
import { setMemberPaused } from '@/lib/dashboard/set-member-paused';
import { refreshProjectHealth } from '@/lib/export/project-health';
import { ZRecomputeHealthForm } from '@/lib/export/schemas';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';

// Every action re-checks that the caller leads *this* project (admins pass): the id in the form is
// untrusted, and the lib calls are scoped by it, so a member or item of another project is NOT_FOUND.
async function requireLeadOf(formData: FormData) {
  const projectId = String(formData.get('projectId') ?? '');
  return requireProjectMember(projectId, ['LEAD']);
}

/** Leads and researchers of *this* project (admins pass): who reads the dashboard. */
async function requireReaderOf(formData: FormData) {
  return requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD', 'RESEARCHER']);
}

function revalidateDashboard(projectId: string) {
  revalidatePath(`/projects/${projectId}/dashboard`, 'layout');
  // The project page shows members as paused too.
  revalidatePath(`/projects/${projectId}`);
}

export async function setMemberPausedAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZSetMemberPausedForm, formData, async (input) => {
    const { paused, released } = await setMemberPaused({ actorId: user.id, ...input, projectId: project.id });
    revalidateDashboard(project.id);
    return { ok: true, message: paused ? `Paused${released > 0 ? `; ${released} open task released` : ''}.` : 'Resumed.' };
  });
}

export async function setMemberExcludedAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZSetMemberExcludedForm, formData, async (input) => {
    const { excluded, items } = await setMemberExcluded({ actorId: user.id, ...input, projectId: project.id });
    revalidateDashboard(project.id);
    return {
      ok: true,
      message: `${excluded ? 'Excluded' : 'Included'}; ${items.toLocaleString('en')} items are recomputed in the background.`,
    };
  });
}

export async function adjudicateItemAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZAdjudicateItemForm, formData, async (input) => {
    const result = await adjudicateItem({ actorId: user.id, ...input, projectId: project.id });
    revalidateDashboard(project.id);
    return { ok: true, message: result.invalid ? 'Saved: item marked invalid.' : 'Saved: reference ranking recorded.' };
  });
}

/** Recomputes the live project's dataset health now (issue 28): on demand only, never on a submit. Leads and researchers. */
export async function recomputeHealthAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { project } = await requireReaderOf(formData);
  return runAction(ZRecomputeHealthForm, formData, async (input) => {
    const { report } = await refreshProjectHealth({ projectId: project.id, format: input.format });
    revalidatePath(`/projects/${project.id}/dashboard`);
    return { ok: true, message: `Recomputed on ${(report?.pairs.rows ?? 0).toLocaleString('en')} rows.` };
  });
}
