import { bootstrapSums, quantile, wilsonInterval, type Interval } from '@/lib/stats';

/** One submitted trial as the analysis reads it. */
export type EvalTrial = {
  perturbationId: string;
  userId: string;
  variant: 'ORIGINAL' | 'FLAWED';
  arm: 'UNASSISTED' | 'ASSISTED';
  saysFlawed: boolean;
  foundIntended: boolean | null;
  durationMs: number | null;
  critiqueMarks: { helpful: boolean }[];
  wouldHaveNoticed: boolean | null;
  /** The order its two answers were shown in: true = "yes" first; null = not asked, or asked before the order was stored. */
  noticedYesFirst: boolean | null;
  severity: number;
  category: string;
  /**
   * Who wrote the critiques of the text this trial showed (shown in the assisted arm; the same text
   * unassisted is its baseline): "<model> · template v<n>" per critique source, " + " between several,
   * "imported" for critiques imported without a model; null when the text has none.
   */
  critiqueSource?: string | null;
};

export const ARMS = ['UNASSISTED', 'ASSISTED'] as const;
export type Arm = (typeof ARMS)[number];

/** A rate with its counts: `n` is the denominator (trials decided), `x` the successes. */
export type Rate = { x: number; n: number; interval: Interval };
export type ArmRates = Record<Arm, Rate>;

export type CritiqueEval = {
  counts: { trials: number; flawedTrials: number; originalTrials: number; sources: number; labelers: number; pendingReview: number };
  /** Intended-flaw detection on flawed texts; trials awaiting review are outside `n` (see `pending`). */
  detection: ArmRates;
  pending: Record<Arm, number>;
  /** assisted rate / unassisted rate − 1, with a bootstrap interval over sources. */
  gain: Interval;
  /** "Yes, a flaw" on original texts. */
  falseAlarm: ArmRates;
  medianMs: Record<Arm, number | null>;
  trialsPerArm: Record<Arm, number>;
  bySeverity: { key: string; rates: ArmRates }[];
  byCategory: { key: string; rates: ArmRates }[];
  /** Detection by critique model and template version (issue 24): both arms over the texts those critiques were written for. */
  byCritiqueSource: { key: string; rates: ArmRates }[];
  /** Critique marks "helpful" among all marks. */
  helpfulness: Rate;
  /** Among assisted finds (intended flaw found) answered, the share "I would have noticed it anyway". */
  wouldHaveNoticed: Rate;
  /** The same, split by the order the two answers were shown in (issue 18), so an order effect shows; answers without a stored order are in neither. */
  wouldHaveNoticedByOrder: { yesFirst: Rate; noFirst: Rate };
};

export const BOOTSTRAP_SEED = 20261129;
export const BOOTSTRAP_RESAMPLES = 1000;

function rate(x: number, n: number): Rate {
  return { x, n, interval: wilsonInterval(x, n) };
}

function detectionRates(trials: EvalTrial[]): ArmRates {
  const out = {} as ArmRates;
  for (const arm of ARMS) {
    const decided = trials.filter((t) => t.arm === arm && t.variant === 'FLAWED' && t.foundIntended !== null);
    out[arm] = rate(decided.filter((t) => t.foundIntended).length, decided.length);
  }
  return out;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/**
 * The critique-experiment analysis (PRODUCT §3.4) of submitted trials: detection rates per arm
 * with Wilson intervals, the relative gain with a percentile bootstrap over sources (perturbations
 * resampled with replacement, fixed seed, 1000 resamples), false alarms, times, breakdowns,
 * critique helpfulness and "would have noticed anyway". Pure.
 */
export function computeCritiqueEval(trials: EvalTrial[]): CritiqueEval {
  const flawed = trials.filter((t) => t.variant === 'FLAWED');
  const originals = trials.filter((t) => t.variant === 'ORIGINAL');
  const pending = { UNASSISTED: 0, ASSISTED: 0 };
  for (const t of flawed) if (t.foundIntended === null) pending[t.arm] += 1;

  // Per source: [found U, decided U, found A, decided A]; the gain is a ratio of sums.
  const units = new Map<string, number[]>();
  for (const t of flawed) {
    if (t.foundIntended === null) continue;
    const unit = units.get(t.perturbationId) ?? [0, 0, 0, 0];
    const base = t.arm === 'UNASSISTED' ? 0 : 2;
    unit[base]! += t.foundIntended ? 1 : 0;
    unit[base + 1]! += 1;
    units.set(t.perturbationId, unit);
  }
  const [gain] = bootstrapSums(
    [...units.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v),
    (s) => [s[1]! > 0 && s[3]! > 0 && s[0]! > 0 ? s[2]! / s[3]! / (s[0]! / s[1]!) - 1 : Number.NaN],
    { seed: BOOTSTRAP_SEED, resamples: BOOTSTRAP_RESAMPLES },
  );

  const falseAlarm = {} as ArmRates;
  const medianMs = {} as Record<Arm, number | null>;
  const trialsPerArm = {} as Record<Arm, number>;
  for (const arm of ARMS) {
    const shown = originals.filter((t) => t.arm === arm);
    falseAlarm[arm] = rate(shown.filter((t) => t.saysFlawed).length, shown.length);
    const inArm = trials.filter((t) => t.arm === arm);
    trialsPerArm[arm] = inArm.length;
    medianMs[arm] = median(inArm.flatMap((t) => (t.durationMs === null ? [] : [t.durationMs])));
  }
  const breakdown = (key: (t: EvalTrial) => string, keys: string[]) =>
    keys.map((k) => ({ key: k, rates: detectionRates(flawed.filter((t) => key(t) === k)) }));
  const marks = trials.filter((t) => t.arm === 'ASSISTED').flatMap((t) => t.critiqueMarks);
  const finds = flawed.filter((t) => t.arm === 'ASSISTED' && t.foundIntended === true && t.wouldHaveNoticed !== null);

  return {
    counts: {
      trials: trials.length,
      flawedTrials: flawed.length,
      originalTrials: originals.length,
      sources: new Set(trials.map((t) => t.perturbationId)).size,
      labelers: new Set(trials.map((t) => t.userId)).size,
      pendingReview: pending.UNASSISTED + pending.ASSISTED,
    },
    detection: detectionRates(flawed),
    pending,
    gain: gain ?? { estimate: Number.NaN, low: Number.NaN, high: Number.NaN },
    falseAlarm,
    medianMs,
    trialsPerArm,
    bySeverity: breakdown((t) => String(t.severity), ['1', '2', '3', '4']),
    byCategory: breakdown((t) => t.category, ['ACCURACY', 'COVERAGE', 'COHERENCE', 'HARMFUL', 'OTHER']),
    byCritiqueSource: breakdown(
      (t) => t.critiqueSource ?? '',
      [...new Set(flawed.flatMap((t) => (t.critiqueSource ? [t.critiqueSource] : [])))].sort(),
    ),
    helpfulness: rate(marks.filter((m) => m.helpful).length, marks.length),
    wouldHaveNoticed: rate(finds.filter((t) => t.wouldHaveNoticed).length, finds.length),
    wouldHaveNoticedByOrder: {
      yesFirst: rate(
        finds.filter((t) => t.noticedYesFirst === true && t.wouldHaveNoticed).length,
        finds.filter((t) => t.noticedYesFirst === true).length,
      ),
      noFirst: rate(
        finds.filter((t) => t.noticedYesFirst === false && t.wouldHaveNoticed).length,
        finds.filter((t) => t.noticedYesFirst === false).length,
      ),
    },
  };
}
