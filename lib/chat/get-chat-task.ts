import type { ChatTaskView } from '@/lib/chat/chat-view';
import { loadConversation } from '@/lib/chat/load-conversation';
import { sampleErrorWords } from '@/lib/chat/sample-error-words';
import { RESPONSE_LABELS } from '@/lib/judgments/schemas';
export type { ChatTaskView } from '@/lib/chat/chat-view';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';

/** The labeler's view of one of their open CHAT assignments, or null. */
export async function getChatTask(key: { assignmentId: string; userId: string; projectId: string }): Promise<ChatTaskView | null> {
  const loaded = await loadConversation(key);
  if (!loaded || (loaded.assignment.status !== 'ACTIVE' && loaded.assignment.status !== 'EXPIRED')) return null;
  const { chat, taxonomyVersion } = loaded.assignment.settings;
  const taxonomy = await getTaxonomy({ projectId: key.projectId, version: taxonomyVersion });
  const labels = loaded.sides.map((_, i) => RESPONSE_LABELS[i] ?? String(i + 1));
  return {
    assignmentId: loaded.assignment.id,
    labels,
    context: loaded.base,
    seedPrompt: loaded.turns.length === 0 ? loaded.seedPrompt : null,
    turns: loaded.turns.map((t) => ({
      turn: t.turn,
      prompt: t.prompt,
      winner: t.vote?.winner ?? null,
      answers: labels.map((label, i) => {
        const s = t.samples[i];
        return {
          label,
          text: s?.text ?? '',
          status: s?.status ?? 'NONE',
          attempt: s?.attempt ?? 0,
          error: s ? sampleErrorWords(s.status, s.errorKind) : null,
        };
      }),
    })),
    continuation: loaded.conversation.continuation,
    maxPromptChars: chat.maxPromptChars,
    maxTurns: chat.maxTurns,
    doNotUse: loaded.conversation.doNotUse,
    flags: taxonomy.responseFlags,
    leaseExpiresAt: loaded.assignment.leaseExpiresAt.toISOString(),
  };
}
