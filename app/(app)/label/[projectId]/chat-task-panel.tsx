import type { ReactNode } from 'react';
import { ChatScreen } from '@/components/chat/chat-screen';
import { getChatTask } from '@/lib/chat/get-chat-task';
import type { Locale } from '@/lib/i18n/locales';
import type { ProjectTexts } from '@/lib/taxonomy/get-project-translation';
import { localizeFlags } from '@/lib/taxonomy/localize-project-texts';
import { skipTaskAction } from './actions';
import { finishChatAction, flagChatConversationAction, refreshChatAction, stopChatSideAction, voteChatTurnAction } from './chat-actions';

/** The label page's chat task (issue 26), or null when the assignment is not an open chat of the user. */
export async function ChatTaskPanel(o: {
  projectId: string;
  userId: string;
  assignmentId: string;
  heading: ReactNode;
  guidelines: ReactNode;
  /** The lead's texts in the labeler's locale (issue 31): the flags are shown in it. */
  texts: ProjectTexts | null;
  locale: Locale;
}) {
  const found = await getChatTask({ assignmentId: o.assignmentId, userId: o.userId, projectId: o.projectId });
  if (!found) return null;
  const view = o.texts ? { ...found, flags: localizeFlags(found.flags, o.texts, o.locale, 'responseFlags') } : found;
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
