'use server';

import { requireProjectMember } from '@/lib/auth/session';
import { saveDemonstrationDraft } from '@/lib/demonstrations/save-demonstration-draft';
import { ZSaveDemonstrationDraft, ZSubmitDemonstration } from '@/lib/demonstrations/schemas';
import { submitDemonstration } from '@/lib/demonstrations/submit-demonstration';
import { runJsonAction } from '@/lib/forms/run-json-action';
import { ZSaveDraft, ZSkipTask, ZSubmitRanking } from '@/lib/judgments/schemas';
import { submitRanking } from '@/lib/judgments/submit-ranking';
import { saveDraft } from '@/lib/tasks/save-draft';
import { skipTask } from '@/lib/tasks/skip-task';
import type { ActionResult } from '@/lib/tasks/task-view';

// The project id comes from the page's URL and is re-checked here; the assignment id is checked
// against the signed-in user inside each lib function. Responses carry no model identity.

export async function saveDraftAction(projectId: string, input: unknown): Promise<ActionResult<{ savedAt: string }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSaveDraft, input, async (parsed) => {
    const { savedAt } = await saveDraft({ userId: user.id, projectId, input: parsed });
    return { savedAt: savedAt.toISOString() };
  });
}

export async function submitRankingAction(projectId: string, input: unknown): Promise<ActionResult<{ duplicate: boolean }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSubmitRanking, input, async (parsed) => {
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

export async function submitDemonstrationAction(projectId: string, input: unknown): Promise<ActionResult<{ duplicate: boolean }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZSubmitDemonstration, input, async (parsed) => {
    const { duplicate } = await submitDemonstration({ userId: user.id, projectId, input: parsed });
    return { duplicate };
  });
}
