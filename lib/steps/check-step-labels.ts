import type { FinalAnswer, StepRating, TStepLabel } from '@/lib/steps/schemas';

export type StepLabelProblem = { field: string; message: string };

/** 0-based index of the first negative step, or null when none is negative ("none"). */
export function firstErrorIndex(labels: readonly { rating: number }[]): number | null {
  const i = labels.findIndex((l) => l.rating === -1);
  return i === -1 ? null : i;
}

/**
 * The steps a labeler must still rate (0-based): every unrated step, but under "label until the
 * first error" none after the first negative one (those are not asked).
 */
export function unratedSteps(ratings: readonly (StepRating | null)[], stepCount: number, untilFirstError: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < stepCount; i++) {
    const r = ratings[i] ?? null;
    if (r === -1 && untilFirstError) break;
    if (r === null) out.push(i);
  }
  return out;
}

/**
 * A submit's labels checked against the task's steps: every step asked is rated (no default ever
 * becomes a label), nothing past the last step, under "until the first error" nothing stored after
 * it, flaw notes only on negative steps, a final verdict given. Returns the labels to store, or the
 * first problem naming the field and the step (1-based, as the screen numbers them).
 */
export function checkStepLabels(input: {
  stepCount: number;
  ratings: readonly (StepRating | null)[];
  flaws: readonly string[];
  finalAnswer: FinalAnswer | null;
  untilFirstError: boolean;
}): { labels: TStepLabel[] } | { problem: StepLabelProblem } {
  const { stepCount, ratings, flaws, untilFirstError } = input;
  if (ratings.length > stepCount)
    return { problem: { field: 'ratings', message: `This response has ${stepCount} steps; ${ratings.length} ratings were sent` } };
  const missing = unratedSteps(ratings, stepCount, untilFirstError);
  if (missing.length > 0) {
    const names = missing.map((i) => `step ${i + 1}`);
    const message = `Rate every step before submitting: ${names.length === 1 ? `${names[0]} is` : `${names.join(', ')} are`} not rated yet`;
    return { problem: { field: `ratings[${missing[0]}]`, message } };
  }
  const stop = untilFirstError ? firstErrorIndex(ratings.map((r) => ({ rating: r ?? 0 }))) : null;
  const asked = stop === null ? stepCount : stop + 1;
  const labels: TStepLabel[] = [];
  for (let i = 0; i < asked; i++) {
    const rating = ratings[i] as StepRating;
    const flaw = (flaws[i] ?? '').trim();
    if (flaw && rating !== -1)
      return { problem: { field: `flaws[${i}]`, message: `Step ${i + 1}: a flaw note goes only on a negative step` } };
    labels.push(flaw ? { rating, flaw } : { rating });
  }
  if (input.finalAnswer === null)
    return { problem: { field: 'finalAnswer', message: 'Say whether the final answer is correct, incorrect or you cannot tell' } };
  return { labels };
}
