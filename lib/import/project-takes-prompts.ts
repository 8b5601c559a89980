import { findModelConnections } from '@/lib/models/get-chat-target';

/**
 * Whether native rows without responses are accepted (issue 24): when the project can use a model
 * connection, a prompt-only row becomes an item waiting for a generation job's responses
 * (items.awaitingResponses: no labeler gets it before), else it is refused as before.
 */
export async function projectTakesPrompts(options: { projectId: string }): Promise<boolean> {
  return (await findModelConnections({ projectId: options.projectId })).length > 0;
}
