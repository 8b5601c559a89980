'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { clearItemGold } from '@/lib/items/clear-item-gold';
import { ZClearItemGold, ZSetItemGoldForm, ZSetItemPriority } from '@/lib/items/schemas';
import { setItemGold } from '@/lib/items/set-item-gold';
import { setItemPriority } from '@/lib/items/set-item-priority';
import { ZSetPerturbSource } from '@/lib/perturb/schemas';
import { setPerturbSource } from '@/lib/perturb/set-perturb-source';
import { ZClearStepGold, ZSetStepGoldForm } from '@/lib/steps/schemas';
import { clearStepGold, setStepGold } from '@/lib/steps/set-step-gold';

// Every action re-checks that the caller leads *this* project (admins pass): the id in the form is
// untrusted, and the lib calls are scoped by it, so an item of another project is NOT_FOUND.
async function requireLeadOf(formData: FormData) {
  const projectId = String(formData.get('projectId') ?? '');
  return requireProjectMember(projectId, ['LEAD']);
}

function revalidateItems(projectId: string) {
  revalidatePath(`/projects/${projectId}/items`, 'layout');
}

export async function setItemGoldAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZSetItemGoldForm, formData, async (input) => {
    await setItemGold({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidateItems(project.id);
    const ties = input.ranking.some((group) => group.length > 1);
    return {
      ok: true,
      message: `Marked gold: ${input.ranking.length} rank${input.ranking.length === 1 ? '' : 's'}${ties ? ', with ties' : ''}.`,
    };
  });
}

export async function clearItemGoldAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZClearItemGold, formData, async (input) => {
    const { cleared } = await clearItemGold({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidateItems(project.id);
    return { ok: true, message: cleared ? 'Gold removed.' : 'This item was not gold.' };
  });
}

export async function setItemPriorityAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZSetItemPriority, formData, async (input) => {
    const { priority } = await setItemPriority({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidateItems(project.id);
    return { ok: true, message: `Priority set to ${priority}.` };
  });
}

export async function setPerturbSourceAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZSetPerturbSource, formData, async (input) => {
    await setPerturbSource({ actorId: user.id, projectId: project.id, input });
    revalidateItems(project.id);
    return { ok: true, message: input.source ? 'Marked as a source.' : 'No longer a source.' };
  });
}

export async function setStepGoldAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZSetStepGoldForm, formData, async (input) => {
    const { labels } = await setStepGold({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidateItems(project.id);
    return { ok: true, message: `Step gold saved: ${labels.length} step${labels.length === 1 ? '' : 's'} rated.` };
  });
}

export async function clearStepGoldAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireLeadOf(formData);
  return runAction(ZClearStepGold, formData, async (input) => {
    const { cleared } = await clearStepGold({ actorId: user.id, input: { ...input, projectId: project.id } });
    revalidateItems(project.id);
    return { ok: true, message: cleared ? 'Step gold removed.' : 'This item had no step gold.' };
  });
}
