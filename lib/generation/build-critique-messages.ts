import type { ChatMessage } from '@/lib/models/schemas';

/** The conversation as plain text for a critique prompt: one "Role: content" block per turn. */
function conversationText(messages: ChatMessage[]): string {
  return messages.map((m) => `${m.role[0]!.toUpperCase()}${m.role.slice(1)}: ${m.content}`).join('\n\n');
}

/**
 * The one user message a critique request sends: the lead's template with `{conversation}` and
 * `{answer}` filled in; a template naming neither gets both appended under headings.
 */
export function buildCritiqueMessages(options: { template: string; conversation: ChatMessage[]; answer: string }): ChatMessage[] {
  const conversation = conversationText(options.conversation);
  const { template, answer } = options;
  const named = template.includes('{conversation}') || template.includes('{answer}');
  const content = named
    ? template.replaceAll('{conversation}', conversation).replaceAll('{answer}', answer)
    : `${template}\n\nConversation:\n${conversation}\n\nAnswer:\n${answer}`;
  return [{ role: 'user', content }];
}
