'use server';

import { requireProjectMember } from '@/lib/auth/session';
import { ZSaveDemonstrationDraft, ZSubmitDemonstration } from '@/lib/demonstrations/schemas';
import { recordWouldHaveNoticed } from '@/lib/detect/record-would-have-noticed';
import { ZSaveDetectDraft, ZSubmitDetectTrial, ZWouldHaveNoticed } from '@/lib/detect/schemas';
// The errors in the labeler's language (issue 31).
import { runLocalizedJsonAction as runJsonAction } from './localize-result';
import { ZSavePerturbationDraft, ZSubmitPerturbation } from '@/lib/perturb/schemas';
import { ZSaveDraft, ZSkipTask, ZSubmitRanking } from '@/lib/judgments/schemas';
import { saveDemonstrationDraft, submitDemonstration } from '@/lib/tasks/kinds/demonstrate';
import { saveDetectDraft, submitDetectTrial } from '@/lib/tasks/kinds/detect';
import { savePerturbationDraft, submitPerturbation } from '@/lib/tasks/kinds/perturb';
import { saveDraft, submitRanking } from '@/lib/tasks/kinds/rank';
import { saveStepsDraft, submitSteps } from '@/lib/tasks/kinds/steps';
import { ZSaveStepsDraft, ZSubmitSteps } from '@/lib/steps/schemas';
import { skipTask } from '@/lib/tasks/skip';
import type { ActionResult } from '@/lib/tasks/task-view';

/**
 * The submit body with the locale the page was rendered in (bound by the page, issue 31): stored on
 * the judgment as the labeler's working locale. A bound value comes back from the browser, so the
 * schema checks it like the rest of the body.
 */
function withLocale(input: unknown, locale: string): unknown {
  return typeof input === 'object' && input !== null ? { ...input, locale } : input;
}

// The project id comes from the page's URL and is re-checked here; the assignment id is checked
// against the signed-in user inside each lib function. Responses carry no model identity.

export async function saveDraftAction(projectId: string, input: unknown): Promise<ActionResult<{ savedAt: string }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSaveDraft, input, async (parsed) => {
    const { savedAt } = await saveDraft({ userId: user.id, projectId, input: parsed });
    return { savedAt: savedAt.toISOString() };
  });
}

export async function submitRankingAction(
  projectId: string,
  locale: string,
  input: unknown,
): Promise<ActionResult<{ duplicate: boolean }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSubmitRanking, withLocale(input, locale), async (parsed) => {
    const { duplicate } = await submitRanking({ userId: user.id, projectId, input: parsed });
    return { duplicate };
  });
}

export async function skipTaskAction(projectId: string, input: unknown): Promise<ActionResult<{ skipped: true }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSkipTask, input, (parsed) => skipTask({ userId: user.id, projectId, input: parsed }));
}

export async function saveDemonstrationDraftAction(projectId: string, input: unknown): Promise<ActionResult<{ savedAt: string }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSaveDemonstrationDraft, input, async (parsed) => {
    const { savedAt } = await saveDemonstrationDraft({ userId: user.id, projectId, input: parsed });
    return { savedAt: savedAt.toISOString() };
  });
}

export async function submitDemonstrationAction(
  projectId: string,
  locale: string,
  input: unknown,
): Promise<ActionResult<{ duplicate: boolean }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSubmitDemonstration, withLocale(input, locale), async (parsed) => {
    const { duplicate } = await submitDemonstration({ userId: user.id, projectId, input: parsed });
    return { duplicate };
  });
}

export async function savePerturbationDraftAction(projectId: string, input: unknown): Promise<ActionResult<{ savedAt: string }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSavePerturbationDraft, input, async (parsed) => {
    const { savedAt } = await savePerturbationDraft({ userId: user.id, projectId, input: parsed });
    return { savedAt: savedAt.toISOString() };
  });
}

export async function submitPerturbationAction(
  projectId: string,
  locale: string,
  input: unknown,
): Promise<ActionResult<{ duplicate: boolean }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSubmitPerturbation, withLocale(input, locale), async (parsed) => {
    const { duplicate } = await submitPerturbation({ userId: user.id, projectId, input: parsed });
    return { duplicate };
  });
}

export async function saveDetectDraftAction(projectId: string, input: unknown): Promise<ActionResult<{ savedAt: string }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSaveDetectDraft, input, async (parsed) => {
    const { savedAt } = await saveDetectDraft({ userId: user.id, projectId, input: parsed });
    return { savedAt: savedAt.toISOString() };
  });
}

/** Answers only what the screen needs next: whether to ask "would you have noticed this without the critiques?", and in which order to show its answers. Never the score. */
export async function submitDetectTrialAction(
  projectId: string,
  locale: string,
  input: unknown,
): Promise<ActionResult<{ askWouldHaveNoticed: boolean; noticedYesFirst: boolean | null }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSubmitDetectTrial, withLocale(input, locale), async (parsed) => {
    const { askWouldHaveNoticed, noticedYesFirst } = await submitDetectTrial({ userId: user.id, projectId, input: parsed });
    return { askWouldHaveNoticed, noticedYesFirst };
  });
}

export async function recordWouldHaveNoticedAction(projectId: string, input: unknown): Promise<ActionResult<{ recorded: true }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZWouldHaveNoticed, input, (parsed) => recordWouldHaveNoticed({ userId: user.id, projectId, input: parsed }));
}

export async function saveStepsDraftAction(projectId: string, input: unknown): Promise<ActionResult<{ savedAt: string }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSaveStepsDraft, input, async (parsed) => {
    const { savedAt } = await saveStepsDraft({ userId: user.id, projectId, input: parsed });
    return { savedAt: savedAt.toISOString() };
  });
}

export async function submitStepsAction(projectId: string, locale: string, input: unknown): Promise<ActionResult<{ duplicate: boolean }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSubmitSteps, withLocale(input, locale), async (parsed) => {
    const { duplicate } = await submitSteps({ userId: user.id, projectId, input: parsed });
    return { duplicate };
  });
}
