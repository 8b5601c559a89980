import { bootstrapInterval, type Interval } from '@/lib/stats/bootstrap';
import { alphaFromCoincidences } from '@/lib/stats/krippendorff-alpha';
import { firstErrorIndex } from '@/lib/steps/check-step-labels';

/** Every labelling of one response (one per labeler), ratings by step from the first. */
export type StepResponseLabels = { responseId: string; stepCount: number; labelings: { labeler: string; ratings: number[] }[] };

/** Where a labelling put its first error: a 0-based step, "none" (every step rated, none negative), or null when it did not say (stopped early without a negative step). */
export function firstErrorLocation(ratings: readonly number[], stepCount: number): number | 'none' | null {
  const first = firstErrorIndex(ratings.map((rating) => ({ rating })));
  if (first !== null) return first;
  return ratings.length >= stepCount ? 'none' : null;
}

const CATEGORIES = [-1, 0, 1];

/** The 3×3 coincidence matrix (−1, 0, +1) of one response: units are its steps, values the labelers' ratings of that step. */
function coincidences(r: StepResponseLabels): number[][] {
  const o = CATEGORIES.map(() => [0, 0, 0]);
  for (let step = 0; step < r.stepCount; step++) {
    const counts = [0, 0, 0];
    let m = 0;
    for (const l of r.labelings) {
      const v = l.ratings[step];
      if (v === -1 || v === 0 || v === 1) {
        counts[v + 1]! += 1;
        m += 1;
      }
    }
    if (m < 2) continue;
    for (let c = 0; c < 3; c++)
      for (let d = 0; d < 3; d++) o[c]![d]! += (c === d ? counts[c]! * (counts[c]! - 1) : counts[c]! * counts[d]!) / (m - 1);
  }
  return o;
}

/** Pairs of labellings of one response that located the first error, and how many of them put it at the same step ("none" included). */
function firstErrorPairs(r: StepResponseLabels): { agree: number; pairs: number } {
  const located = r.labelings.map((l) => firstErrorLocation(l.ratings, r.stepCount)).filter((x) => x !== null);
  let agree = 0;
  let pairs = 0;
  for (let a = 0; a < located.length; a++)
    for (let b = a + 1; b < located.length; b++) {
      pairs += 1;
      if (located[a] === located[b]) agree += 1;
    }
  return { agree, pairs };
}

type Unit = { o: number[][]; agree: number; pairs: number };

const alphaOf = (units: Unit[]) => {
  const o = CATEGORIES.map(() => [0, 0, 0]);
  for (const u of units) for (let c = 0; c < 3; c++) for (let d = 0; d < 3; d++) o[c]![d]! += u.o[c]![d]!;
  return alphaFromCoincidences(o, CATEGORIES, 'ordinal');
};
const shareOf = (units: Unit[]) => {
  let agree = 0;
  let pairs = 0;
  for (const u of units) {
    agree += u.agree;
    pairs += u.pairs;
  }
  return pairs === 0 ? Number.NaN : agree / pairs;
};

export type StepAgreement = {
  /** Responses with at least two labellings (the bootstrap's units). */
  responses: number;
  /** Steps rated by at least two labelers. */
  pairableSteps: number;
  /** Krippendorff's alpha, ordinal (−1 < 0 < +1), over steps; NaN without variation. */
  alpha: Interval;
  /** Share of labeller pairs on one response who put the first error at the same step ("none" included). */
  firstError: Interval & { pairs: number };
};

/**
 * Agreement on step labels: Krippendorff's alpha (ordinal) with steps as units, and agreement on
 * the first error's location, each with a seeded 95% percentile bootstrap over responses.
 */
export function computeStepAgreement(responses: StepResponseLabels[], options: { seed?: number; resamples?: number } = {}): StepAgreement {
  const shared = responses.filter((r) => r.labelings.length >= 2);
  const units: Unit[] = shared.map((r) => ({ o: coincidences(r), ...firstErrorPairs(r) }));
  let pairableSteps = 0;
  for (const r of shared)
    for (let s = 0; s < r.stepCount; s++) if (r.labelings.filter((l) => l.ratings[s] !== undefined).length >= 2) pairableSteps += 1;
  const seed = options.seed ?? 27;
  const resamples = options.resamples ?? 1000;
  return {
    responses: shared.length,
    pairableSteps,
    alpha: bootstrapInterval(units, alphaOf, { seed, resamples }),
    firstError: { ...bootstrapInterval(units, shareOf, { seed: seed + 1, resamples }), pairs: units.reduce((s, u) => s + u.pairs, 0) },
  };
}
