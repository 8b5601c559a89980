import type { ReactNode } from 'react';
import { ChatScreen } from '@/components/chat/chat-screen';
import { getChatTask } from '@/lib/chat/get-chat-task';
import { skipTaskAction } from './actions';
import { finishChatAction, flagChatConversationAction, refreshChatAction, stopChatSideAction, voteChatTurnAction } from './chat-actions';

/** The label page's chat task (issue 26), or null when the assignment is not an open chat of the user. */
export async function ChatTaskPanel(o: {
  projectId: string;
  userId: string;
  assignmentId: string;
  heading: ReactNode;
  guidelines: ReactNode;
}) {
  const view = await getChatTask({ assignmentId: o.assignmentId, userId: o.userId, projectId: o.projectId });
  if (!view) return null;
  return (
    <div className="flex flex-col gap-4">
      {o.heading}
      <ChatScreen
        key={view.assignmentId}
        view={view}
        projectId={o.projectId}
        guidelines={o.guidelines}
        vote={voteChatTurnAction.bind(null, o.projectId)}
        stop={stopChatSideAction.bind(null, o.projectId)}
        flag={flagChatConversationAction.bind(null, o.projectId)}
        finish={finishChatAction.bind(null, o.projectId)}
        refresh={refreshChatAction.bind(null, o.projectId)}
        skipTask={skipTaskAction.bind(null, o.projectId)}
      />
    </div>
  );
}
