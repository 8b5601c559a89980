'use server';

import { requireProjectMember } from '@/lib/auth/session';
import { flagChatConversation } from '@/lib/chat/flag-chat-conversation';
import { getChatTask, type ChatTaskView } from '@/lib/chat/get-chat-task';
import { ZChatAssignment, ZFinishChat, ZFlagChatConversation, ZStopChatSide, ZVoteChatTurn } from '@/lib/chat/schemas';
import { stopChatSide } from '@/lib/chat/stop-chat-side';
import { voteChatTurn } from '@/lib/chat/vote-chat-turn';
import { AppError } from '@/lib/errors';
// The errors in the labeler's language (issue 31).
import { runLocalizedJsonAction as runJsonAction } from './localize-result';
import { finishChat } from '@/lib/tasks/kinds/chat';
import type { ActionResult } from '@/lib/tasks/task-view';

// The chat screen's actions (issue 26). The project id comes from the page's URL and is re-checked
// here; the assignment is checked against the signed-in user inside each lib function. No answer
// carries a model identity, except finish's `revealed` when the project reveals them after the vote.

export async function voteChatTurnAction(projectId: string, input: unknown): Promise<ActionResult<{ duplicate: boolean }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZVoteChatTurn, input, (parsed) => voteChatTurn({ userId: user.id, projectId, input: parsed }));
}

export async function stopChatSideAction(projectId: string, input: unknown): Promise<ActionResult<{ status: string }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZStopChatSide, input, (parsed) => stopChatSide({ userId: user.id, projectId, input: parsed }));
}

export async function flagChatConversationAction(projectId: string, input: unknown): Promise<ActionResult<{ doNotUse: boolean }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZFlagChatConversation, input, (parsed) => flagChatConversation({ userId: user.id, projectId, input: parsed }));
}

export async function finishChatAction(projectId: string, input: unknown): Promise<ActionResult<{ revealed: string[] | null }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZFinishChat, input, async (parsed) => {
    const { revealed } = await finishChat({ userId: user.id, projectId, input: parsed });
    return { revealed };
  });
}

/** The screen's fresh view (after a reload mid-stream: sides another request is still writing, or interrupted ones). */
export async function refreshChatAction(projectId: string, input: unknown): Promise<ActionResult<{ view: ChatTaskView }>> {
  const { user } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return runJsonAction(ZChatAssignment, input, async (parsed) => {
    const view = await getChatTask({ assignmentId: parsed.assignmentId, userId: user.id, projectId });
    if (!view) throw new AppError('NOT_FOUND', 'This conversation is no longer open');
    return { view };
  });
}
