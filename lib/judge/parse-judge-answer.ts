import { z } from 'zod';
import { checkRanking } from '@/lib/judgments/check-ranking';
import { RESPONSE_LABELS } from '@/lib/judgments/schemas';

/** A judge answer that breaks the rules of a human submit: refused, retried, then recorded as failed with `message`. */
export class JudgeAnswerError extends Error {}

export type JudgeLabelValue = {
  /** Tie groups of response ids, best first. */
  ranking: string[][];
  ratings: { responseId: string; likert: number; flags: string[] }[];
  reason: string;
};

const likert = { message: 'Likert scores run from 1 to 7' };
const ZAnswer = z.object({
  ranking: z.array(z.array(z.string()).min(1, { message: 'A tie group must not be empty' })).min(1, { message: 'The ranking is empty' }),
  ratings: z.record(
    z.string(),
    z.object({ likert: z.number().int(likert).min(1, likert).max(7, likert), flags: z.array(z.string()).default([]) }),
  ),
  reason: z.string().max(4000).default(''),
});

/** The JSON object in a model's answer: the whole text, or inside a ```json fence, or from the first { to the last }. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  const candidates = [text.trim(), fenced?.[1]?.trim(), text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // next candidate
    }
  }
  throw new JudgeAnswerError('The answer is not valid JSON');
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'answer'}: ${issue.message}`;
}

/**
 * A judge's ranking answer checked as a human submit is (lib/judgments/check-ranking.ts and the rank
 * kind's rating checks): only the shown letters, every response ranked once, a Likert score from 1 to
 * 7 and known flags for each. Letters become the response ids of the shown order. Throws
 * JudgeAnswerError naming what is wrong.
 */
export function parseJudgeAnswer(text: string, options: { shownOrder: string[]; flagKeys: ReadonlySet<string> }): JudgeLabelValue {
  const parsed = ZAnswer.safeParse(extractJson(text));
  if (!parsed.success) throw new JudgeAnswerError(firstIssue(parsed.error));
  const letters = options.shownOrder.map((_, i) => RESPONSE_LABELS[i]!);
  const idOf = (letter: string) => {
    const at = letters.indexOf(letter.trim().toUpperCase());
    if (at < 0) throw new JudgeAnswerError(`"${letter}" is not one of the shown letters (${letters.join(', ')})`);
    return options.shownOrder[at]!;
  };
  const ranking = parsed.data.ranking.map((group) => group.map(idOf));
  const problem = checkRanking(ranking, options.shownOrder);
  if (problem) {
    // The rule names response ids: the judge knows them by letter.
    throw new JudgeAnswerError(options.shownOrder.reduce((text, id, i) => text.replaceAll(id, letters[i]!), problem));
  }
  const ratings = Object.entries(parsed.data.ratings).map(([letter, r]) => ({
    responseId: idOf(letter),
    likert: r.likert,
    flags: r.flags,
  }));
  const rated = new Set(ratings.map((r) => r.responseId));
  if (rated.size !== ratings.length) throw new JudgeAnswerError('A response is rated twice');
  const unrated = options.shownOrder.findIndex((id) => !rated.has(id));
  if (unrated >= 0) throw new JudgeAnswerError(`Response ${letters[unrated]} has no rating`);
  for (const rating of ratings) {
    const unknown = rating.flags.find((flag) => !options.flagKeys.has(flag));
    if (unknown)
      throw new JudgeAnswerError(
        `Response ${letters[options.shownOrder.indexOf(rating.responseId)]}: "${unknown}" is not a flag of this project`,
      );
  }
  ratings.sort((a, b) => options.shownOrder.indexOf(a.responseId) - options.shownOrder.indexOf(b.responseId));
  return { ranking, ratings, reason: parsed.data.reason.trim() };
}

const ZDiscriminate = z.object({ flawed: z.string(), reason: z.string().max(4000).default('') });
const ZCheck = z.object({ points_to_flaw: z.boolean(), reason: z.string().max(4000).default('') });

/** The discriminator's answer: "A" or "B". */
export function parseDiscriminateAnswer(text: string): { answer: 'A' | 'B'; reason: string } {
  const parsed = ZDiscriminate.safeParse(extractJson(text));
  if (!parsed.success) throw new JudgeAnswerError(firstIssue(parsed.error));
  const answer = parsed.data.flawed.trim().toUpperCase();
  if (answer !== 'A' && answer !== 'B') throw new JudgeAnswerError(`flawed: "${parsed.data.flawed}" is not A or B`);
  return { answer, reason: parsed.data.reason.trim() };
}

/** The critique check's answer. */
export function parseCritiqueCheckAnswer(text: string): { pointsToFlaw: boolean; reason: string } {
  const parsed = ZCheck.safeParse(extractJson(text));
  if (!parsed.success) throw new JudgeAnswerError(firstIssue(parsed.error));
  return { pointsToFlaw: parsed.data.points_to_flaw, reason: parsed.data.reason.trim() };
}
