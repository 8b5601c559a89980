import type { ChatMessage } from '@/lib/models/schemas';
import type { AssistanceKind } from '@/lib/projects/settings';

/*
 * The versioned prompt templates of the assistant (issue 25). A version names the exact wording:
 * change a template, change its version, so every stored answer says which wording produced it.
 * The prompt holds the conversation and the response's text under its shown letter, never a model
 * name or id (the labeler must not learn model identities through the assistant).
 */

type TemplateInput = {
  /** The conversation the responses answer, as the labeler sees it. */
  messages: { role: string; content: string }[];
  /** The shown letter (A, B, …), or null on the detect screen (one text). */
  label: string | null;
  text: string;
  /** FACT_CHECK: the highlighted claim. */
  claim: string | null;
};

type Template = { version: string; task: (input: TemplateInput) => string };

const SYSTEM =
  'You help a person who is judging the answers of AI assistants. Be accurate, specific and brief (at most about 200 words). ' +
  'Answer in plain text without HTML. You do not know which model wrote a response; do not guess.';

const name = (label: string | null) => (label ? `Response ${label}` : 'the response');

export const ASSISTANCE_TEMPLATES: Record<AssistanceKind, Template> = {
  CRITIQUE: {
    version: 'assist-critique-v1',
    task: ({ label }) =>
      `Write a critique of ${name(label)}: list its most important errors, omissions or misleading statements, each with the words it concerns. ` +
      'If you find no real problem, say so plainly rather than inventing one.',
  },
  EXPLAIN: {
    version: 'assist-explain-v1',
    task: ({ label }) =>
      `Explain ${name(label)} to the person judging it: what it claims or does, step by step, and what a reader would need to check to trust it.`,
  },
  FACT_CHECK: {
    version: 'assist-fact-check-v1',
    task: ({ label, claim }) =>
      `Fact-check this claim from ${name(label)}:\n<claim>\n${claim ?? ''}\n</claim>\n` +
      'Say whether it is correct, incorrect or unverifiable, why, and how sure you are. Do not judge the rest of the response.',
  },
  SUMMARY: {
    version: 'assist-summary-v1',
    task: ({ label }) => `Summarize ${name(label)} in at most five short bullet points, keeping its claims and conclusions as stated.`,
  },
};

/** The request's messages: the fixed system text, then the conversation, the response and the task in one user message. */
export function buildAssistanceMessages(kind: AssistanceKind, input: TemplateInput): { version: string; messages: ChatMessage[] } {
  const template = ASSISTANCE_TEMPLATES[kind];
  const conversation = input.messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n');
  const user =
    `<conversation>\n${conversation}\n</conversation>\n\n` +
    `<response label="${input.label ?? 'shown'}">\n${input.text}\n</response>\n\n` +
    template.task(input);
  return {
    version: template.version,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: user },
    ],
  };
}
