import { firstErrorIndex } from '@/lib/steps/check-step-labels';
import { wilsonInterval } from '@/lib/stats/proportions';

/** A step labelling as stored (step_gold or step_judgments): the steps shown, one label per rated step, the verdict. */
export type StepLabelling = { steps: readonly string[]; labels: readonly { rating: number }[]; finalAnswer: string | null };

/** One labelling scored against the item's gold. */
export type StepGoldComparison = {
  /** Gold steps the labeler rated as the gold does, of the gold steps compared. */
  stepHits: number;
  stepCompared: number;
  /** Whether their first error is at the gold's (a labelling without a first-error location: null, left out). */
  firstErrorHit: boolean | null;
  /** Whether their verdict on the final answer is the gold's (null when they gave none: imported). */
  finalAnswerHit: boolean | null;
};

/** A pooled rate with its 95% Wilson interval (NaN bounds and rate when nothing was compared). */
export type StepGoldShare = { hits: number; compared: number; rate: number; low: number; high: number };

/** A labeler's step gold score: over the gold steps items they labelled. */
export type StepGoldScore = { items: number; steps: StepGoldShare; firstError: StepGoldShare; finalAnswer: StepGoldShare };

/**
 * Where a labelling puts the first error: the 0-based step of its first negative rating, "none"
 * when every step is rated and none is negative, null when it stopped early without a negative
 * step (an imported give_up: no location).
 */
export function firstErrorLocation(labelling: StepLabelling): number | 'none' | null {
  const first = firstErrorIndex(labelling.labels);
  if (first !== null) return first;
  return labelling.labels.length >= labelling.steps.length ? 'none' : null;
}

/**
 * The gold steps a labelling is scored on: every step the gold rates, but under "label until the
 * first error" none after the gold's first error (a labeler is not asked beyond theirs, and steps
 * past a wrong step have no agreed meaning).
 */
export function goldStepsCompared(gold: StepLabelling, untilFirstError: boolean): number {
  const first = firstErrorIndex(gold.labels);
  return untilFirstError && first !== null ? first + 1 : gold.labels.length;
}

const sameSteps = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/**
 * One labelling against the gold of its item. The steps must be the same list (the split setting
 * may have changed between them); otherwise null: not comparable, left out. A gold step the
 * labeler did not rate (they stopped at an earlier first error of their own) counts as a miss.
 */
export function compareWithStepGold(gold: StepLabelling, labelling: StepLabelling, untilFirstError: boolean): StepGoldComparison | null {
  if (!sameSteps(gold.steps, labelling.steps)) return null;
  const compared = goldStepsCompared(gold, untilFirstError);
  let hits = 0;
  for (let i = 0; i < compared; i++) if (labelling.labels[i]?.rating === gold.labels[i]?.rating) hits++;
  const goldAt = firstErrorLocation(gold);
  const theirs = firstErrorLocation(labelling);
  return {
    stepHits: hits,
    stepCompared: compared,
    firstErrorHit: goldAt === null || theirs === null ? null : goldAt === theirs,
    finalAnswerHit: gold.finalAnswer === null || labelling.finalAnswer === null ? null : gold.finalAnswer === labelling.finalAnswer,
  };
}

export function shareWithInterval(hits: number, compared: number): StepGoldShare {
  const { low, high } = wilsonInterval(hits, compared);
  return { hits, compared, rate: compared > 0 ? hits / compared : Number.NaN, low, high };
}

/**
 * A labeler's comparisons pooled: steps as gold says over all their compared gold steps (pooled
 * over steps, not averaged per item), first error at the gold's location over their labellings
 * with a location, verdicts as gold's; each with a 95% Wilson interval.
 */
export function poolStepGold(comparisons: readonly StepGoldComparison[]): StepGoldScore {
  let stepHits = 0;
  let stepCompared = 0;
  let feHits = 0;
  let feCompared = 0;
  let faHits = 0;
  let faCompared = 0;
  for (const c of comparisons) {
    stepHits += c.stepHits;
    stepCompared += c.stepCompared;
    if (c.firstErrorHit !== null) {
      feCompared++;
      if (c.firstErrorHit) feHits++;
    }
    if (c.finalAnswerHit !== null) {
      faCompared++;
      if (c.finalAnswerHit) faHits++;
    }
  }
  return {
    items: comparisons.length,
    steps: shareWithInterval(stepHits, stepCompared),
    firstError: shareWithInterval(feHits, feCompared),
    finalAnswer: shareWithInterval(faHits, faCompared),
  };
}
