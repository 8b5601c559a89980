import { ChatSettingsForm } from '@/components/chat/chat-settings-form';
import { Card } from '@/components/ui/card';
import { findModelConnections } from '@/lib/models/get-chat-target';
import { readProjectSettings } from '@/lib/projects/settings';
import { updateChatSettingsAction } from './chat-actions';

/** The settings page's chat battles card (issue 26); the page has already checked that the user leads the project. */
export async function ChatSettingsCard({ projectId, settings }: { projectId: string; settings: unknown }) {
  const { chat, taskMix } = readProjectSettings(settings);
  const connections = await findModelConnections({ projectId });
  return (
    <Card title="Chat battles">
      <ChatSettingsForm
        projectId={projectId}
        weight={taskMix.chat}
        settings={chat}
        connections={connections.map((c) => ({ id: c.id, name: c.name }))}
        action={updateChatSettingsAction}
      />
    </Card>
  );
}
