/**
 * Plays an AI judge for the local Chat Completions server (tests/helpers/chat-server.ts `respond`,
 * issue 25): reads the default judge prompt's answers (the texts under [A], [B]…), the
 * discriminator's two answers and the critique check, and answers with JSON a caller decides from
 * the texts, e.g. a hidden quality in each text, with or without noise.
 */
export type ShownAnswer = { letter: string; text: string };

/** The answers of a judge prompt, in the order shown. */
export function shownAnswers(content: string): ShownAnswer[] {
  const found = [...content.matchAll(/\[([A-I])\]\n([\s\S]*?)(?=\n\n\[[A-I]\]\n|\n\nFlags an answer|$)/g)];
  return found.map((m) => ({ letter: m[1]!, text: m[2]! }));
}

export const lastUserContent = (body: Record<string, unknown>) =>
  [...((body.messages as { role: string; content: string }[] | undefined) ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';

/** A ranking answer: the letters ordered by `score` (higher first, equal scores tied), Likert from the score. */
export function rankingAnswer(answers: ShownAnswer[], score: (a: ShownAnswer) => number, reason = 'by quality'): string {
  const scored = answers.map((a) => ({ ...a, score: score(a) }));
  const levels = [...new Set(scored.map((a) => a.score))].sort((x, y) => y - x);
  return JSON.stringify({
    ranking: levels.map((level) => scored.filter((a) => a.score === level).map((a) => a.letter)),
    ratings: Object.fromEntries(scored.map((a) => [a.letter, { likert: Math.max(1, Math.min(7, Math.round(a.score))), flags: [] }])),
    reason,
  });
}

export type PromptKind = 'judge' | 'discriminate' | 'critique-check' | 'other';

export function promptKind(content: string): PromptKind {
  if (content.includes('Reply with JSON only: {"flawed"')) return 'discriminate';
  if (content.includes('Reply with JSON only: {"points_to_flaw"')) return 'critique-check';
  if (shownAnswers(content).length >= 2) return 'judge';
  return 'other';
}

/** The discriminator's two texts. */
export function discriminateTexts(content: string): { a: string; b: string } {
  const m = /Answer A:\n([\s\S]*?)\n\nAnswer B:\n([\s\S]*?)\n\nReply with JSON only/.exec(content);
  return { a: m?.[1] ?? '', b: m?.[2] ?? '' };
}
