'use server';

import { askAssistant } from '@/lib/assist/ask-assistant';
import { recordAssistanceLook } from '@/lib/assist/record-assistance-look';
import { ZAskAssistant, ZRecordAssistanceLook } from '@/lib/assist/schemas';
import type { AssistanceAnswerView } from '@/lib/assist/types';
import { requireProjectMember } from '@/lib/auth/session';
// The errors in the labeler's language (issue 31).
import { runLocalizedJsonAction as runJsonAction } from './localize-result';
import type { ActionResult } from '@/lib/tasks/task-view';

/** The Assistant panel (and the detect screen's "ask for more") asks about the labeler's own live task; lib checks the rest. */
export async function askAssistantAction(projectId: string, input: unknown): Promise<ActionResult<{ answer: AssistanceAnswerView }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZAskAssistant, input, async (parsed) => ({
    answer: await askAssistant({ userId: user.id, projectId, input: parsed }),
  }));
}

/** How long answers were in view, sent as the panel closes and before a submit (idempotent: totals, clamped in lib). */
export async function recordAssistanceLookAction(projectId: string, input: unknown): Promise<ActionResult<{ updated: number }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZRecordAssistanceLook, input, (parsed) => recordAssistanceLook({ userId: user.id, projectId, input: parsed }));
}
