import type { TAspectAnswer } from '@/lib/aspects/schemas';

// The aspect step's state (issue 27) as pure functions, beside ranking-state.ts: per aspect the
// labeler's answer, "same as overall" or an own ranking (tie groups, possibly still partial).
// An aspect with no entry is not answered: nothing ever answers one for the labeler.

export type AspectState = { sameAsOverall: true; ranking: null } | { sameAsOverall: false; ranking: string[][] };
export type AspectAnswers = Record<string, AspectState>;

export const SAME_AS_OVERALL: AspectState = { sameAsOverall: true, ranking: null };

/** Answers from a saved draft made safe for this task: only the project's aspects, only this task's responses, each once. */
export function sanitizeAspects(raw: TAspectAnswer[] | undefined, names: string[], ids: string[]): AspectAnswers {
  const known = new Set(ids);
  const out: AspectAnswers = {};
  for (const answer of raw ?? []) {
    if (!names.includes(answer.aspect) || out[answer.aspect]) continue;
    if (answer.sameAsOverall || !answer.ranking) {
      out[answer.aspect] = SAME_AS_OVERALL;
      continue;
    }
    const seen = new Set<string>();
    const ranking = answer.ranking
      .map((group) => group.filter((id) => known.has(id) && !seen.has(id) && Boolean(seen.add(id))))
      .filter((group) => group.length > 0);
    out[answer.aspect] = { sameAsOverall: false, ranking };
  }
  return out;
}

/** The answers as a list (the draft's and the submit's shape), in the project's order of aspects. */
export function aspectAnswerList(answers: AspectAnswers, names: string[]): TAspectAnswer[] {
  return names.flatMap((aspect) => {
    const a = answers[aspect];
    return a ? [{ aspect, sameAsOverall: a.sameAsOverall, ranking: a.ranking }] : [];
  });
}

/** Whether the aspect is answered completely: "same as overall", or an own ranking that places every response. */
export function isAspectDone(answer: AspectState | undefined, ids: string[]): boolean {
  if (!answer) return false;
  if (answer.sameAsOverall) return true;
  const placed = new Set(answer.ranking.flat());
  return ids.every((id) => placed.has(id));
}

/** The first aspect, in the project's order, not answered completely; null when all are. */
export function nextOpenAspect(answers: AspectAnswers, names: string[], ids: string[]): string | null {
  return names.find((name) => !isAspectDone(answers[name], ids)) ?? null;
}

/** The sentences of aspectProblems in the labeler's language (issue 31); English by default. */
export type AspectProblemWords = {
  listSeparator: string;
  unanswered: (aspects: string) => string;
  notRanked: (v: { aspect: string; letters: string }) => string;
};

export const ENGLISH_ASPECT_PROBLEM_WORDS: AspectProblemWords = {
  listSeparator: ', ',
  unanswered: (aspects) => `Aspect not answered yet: ${aspects}. Press y (same as overall) or o (own ranking), or use its buttons.`,
  notRanked: (v) => `Aspect ${v.aspect}: not ranked yet: ${v.letters}.`,
};

/** What keeps the task from being submitted, one line per aspect, naming it (empty: nothing). */
export function aspectProblems(
  answers: AspectAnswers,
  names: string[],
  ids: string[],
  labelOf: (id: string) => string,
  words: AspectProblemWords = ENGLISH_ASPECT_PROBLEM_WORDS,
): string[] {
  const unanswered = names.filter((name) => !answers[name]);
  const problems = unanswered.length ? [words.unanswered(unanswered.join(words.listSeparator))] : [];
  for (const name of names) {
    const a = answers[name];
    if (!a || a.sameAsOverall) continue;
    const placed = new Set(a.ranking.flat());
    const rest = ids.filter((id) => !placed.has(id));
    if (rest.length) problems.push(words.notRanked({ aspect: name, letters: rest.map(labelOf).join(words.listSeparator) }));
  }
  return problems;
}
