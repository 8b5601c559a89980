import { RESPONSE_LABELS } from '@/lib/judgments/schemas';
import type { ChatMessage } from '@/lib/models/schemas';
import type { TFlagDefinition } from '@/lib/taxonomy/schemas';
import { CRITIQUE_CHECK_PROMPT, DISCRIMINATE_PROMPT } from '@/lib/judge/templates';

/** The conversation as plain text: one "Role: content" block per turn (as a critique prompt shows it). */
export function conversationText(messages: ChatMessage[]): string {
  return messages.map((m) => `${m.role[0]!.toUpperCase()}${m.role.slice(1)}: ${m.content}`).join('\n\n');
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? values[key]! : whole));
}

/**
 * The one user message a judge request sends: the template with {conversation}, {responses} (each
 * text under its letter, in the shown order: no model, no id), {flags} (the taxonomy's response
 * flags) and {letters} filled in; a template naming none of them gets them appended under headings.
 */
export function buildJudgeMessages(options: {
  template: string;
  conversation: ChatMessage[];
  /** Response texts in the shown order. */
  texts: string[];
  flags: TFlagDefinition[];
}): ChatMessage[] {
  const letters = options.texts.map((_, i) => RESPONSE_LABELS[i]!);
  const values = {
    conversation: conversationText(options.conversation),
    responses: options.texts.map((text, i) => `[${letters[i]}]\n${text}`).join('\n\n'),
    flags: options.flags.length
      ? options.flags.map((f) => `- ${f.key}: ${f.label}${f.description ? ` (${f.description})` : ''}`).join('\n')
      : '(none)',
    letters: letters.join(', '),
  };
  const named = /\{(conversation|responses)\}/.test(options.template);
  const content = named
    ? fill(options.template, values)
    : `${fill(options.template, values)}\n\nConversation:\n${values.conversation}\n\nAnswers:\n${values.responses}\n\nFlags:\n${values.flags}`;
  return [{ role: 'user', content }];
}

/** The discriminator's question: the original and the flawed text as A and B in the drawn order. */
export function buildDiscriminateMessages(options: {
  conversation: ChatMessage[];
  original: string;
  flawed: string;
  flawedFirst: boolean;
}) {
  const [a, b] = options.flawedFirst ? [options.flawed, options.original] : [options.original, options.flawed];
  return [{ role: 'user' as const, content: fill(DISCRIMINATE_PROMPT, { conversation: conversationText(options.conversation), a, b }) }];
}

/** "Does this critique point to this flaw?": the flawed text, the planted flaw's description and passage, the critique. */
export function buildCritiqueCheckMessages(options: { flawedText: string; description: string; span: string; critique: string }) {
  const content = fill(CRITIQUE_CHECK_PROMPT, {
    answer: options.flawedText,
    flaw: options.description,
    span: options.span,
    critique: options.critique,
  });
  return [{ role: 'user' as const, content }];
}
