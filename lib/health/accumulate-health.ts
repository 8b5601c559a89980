import { float32Rows, int32Rows, uint8Rows } from '@/lib/health/chunked';
import { FEATURE_COUNT, FEATURE_LABELS, FEATURE_NAMES, promptWords, responseFeatures } from '@/lib/health/features';
import { fitLogistic, type RowVisitor } from '@/lib/health/fit-logistic';
import { fitModelStrengths } from '@/lib/health/fit-model-strengths';
import type { HealthItemInput, HealthPairInput, HealthRate, HealthReport } from '@/lib/health/types';
import { healthWarnings } from '@/lib/health/warnings';
import { bootstrapSums } from '@/lib/stats/bootstrap';
import { pairwiseAgreement } from '@/lib/stats/pairwise-agreement';
import { wilsonInterval } from '@/lib/stats/proportions';

/** Bootstrap of the learned baseline's held-out accuracy: fixed seed (the same data give the same interval). */
export const HEALTH_SEED = 28;
export const HEALTH_RESAMPLES = 1000;
/** L2 penalty of the learned baseline (on standardized features: about one virtual pair's worth). */
export const HEALTH_LAMBDA = 1;
/** Fewest train pairs to fit the learned baseline on. */
const MIN_TRAIN = 20;

type Counter = { n: number; hits: number };
const counter = (): Counter => ({ n: 0, hits: 0 });
const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Validation prompts (items) below which the learned baseline's bootstrap interval is not given. */
export const MIN_BOOTSTRAP_ITEMS = 5;

/** A count as a share with its Wilson interval. */
export function rate(c: Counter): HealthRate {
  if (c.n === 0) return { n: 0, hits: c.hits, share: null, low: null, high: null };
  const w = wilsonInterval(c.hits, c.n);
  return { n: c.n, hits: c.hits, share: round(w.estimate), low: round(w.low), high: round(w.high) };
}

/** Strict pairs of a ranking (tie groups, best first): each response over every one in a lower group. */
function forEachStrictPair(ranking: string[][], visit: (better: string, worse: string) => void) {
  for (let g = 0; g < ranking.length; g++)
    for (let h = g + 1; h < ranking.length; h++) for (const better of ranking[g]!) for (const worse of ranking[h]!) visit(better, worse);
}

/**
 * The health of a preference dataset, accumulated item by item as its rows are written (issue 28):
 * per response only its few features are kept, per non-tie row their difference (FEATURE_COUNT
 * float32), its split, its item and its two models, so a million rows take about 70 MB whatever
 * the texts' length. `report()` fits the baselines and returns the figures.
 */
export function createHealthAccumulator(options: { seed?: number; resamples?: number; lambda?: number } = {}) {
  const seed = options.seed ?? HEALTH_SEED;
  const resamples = options.resamples ?? HEALTH_RESAMPLES;
  const lambda = options.lambda ?? HEALTH_LAMBDA;
  const diffs = float32Rows(FEATURE_COUNT);
  const meta = int32Rows(3); // item, winner model, loser model (−1: none)
  const splitOf = uint8Rows(1); // 0 train, 1 validation
  const lengthDiff = float32Rows(1); // (c − r)/(c + r) in characters
  const models = new Map<string, number>();
  const length = {
    chars: { train: counter(), validation: counter(), equal: 0 },
    words: { train: counter(), validation: counter(), equal: 0 },
  };
  const position = counter();
  const human = counter();
  const lengthRule = counter();
  const pairs = { rows: 0, ties: 0, compared: 0, train: 0, validation: 0 };
  let agreementItems = 0;
  let items = 0;
  const features = new Float64Array(FEATURE_COUNT * 16);
  const diff = new Float64Array(FEATURE_COUNT);
  const row = new Int32Array(3);
  const tallyLength = (unit: { train: Counter; validation: Counter; equal: number }, split: HealthPairInput['split'], d: number) => {
    if (d === 0) unit.equal += 1;
    else {
      unit[split].n += 1;
      if (d > 0) unit[split].hits += 1;
    }
  };
  const modelIndex = (id: string | null) => {
    if (id === null) return -1;
    let i = models.get(id);
    if (i === undefined) models.set(id, (i = models.size));
    return i;
  };

  function addItem(item: HealthItemInput, rows: HealthPairInput[]): void {
    if (rows.length === 0) return;
    const itemIndex = items++;
    const words = promptWords(item.prompt);
    const at = new Map<string, number>();
    const buffer =
      item.responses.length * FEATURE_COUNT <= features.length ? features : new Float64Array(item.responses.length * FEATURE_COUNT);
    item.responses.forEach((r, i) => {
      responseFeatures(r.text, words, r.flags, buffer, i * FEATURE_COUNT);
      at.set(r.id, i);
    });
    const chars = (id: string) => buffer[at.get(id)! * FEATURE_COUNT]!;

    for (const p of rows) {
      pairs.rows += 1;
      pairs[p.split] += 1;
      if (p.tie) {
        pairs.ties += 1;
        continue;
      }
      const c = at.get(p.chosen);
      const r = at.get(p.rejected);
      if (c === undefined || r === undefined) continue;
      pairs.compared += 1;
      for (let k = 0; k < FEATURE_COUNT; k++) diff[k] = buffer[c * FEATURE_COUNT + k]! - buffer[r * FEATURE_COUNT + k]!;
      tallyLength(length.chars, p.split, diff[0]!);
      tallyLength(length.words, p.split, diff[2]!);
      diffs.push(diff);
      splitOf.pushOne(p.split === 'validation' ? 1 : 0);
      const cm = modelIndex(item.responses[c]!.modelId);
      const rm = modelIndex(item.responses[r]!.modelId);
      row[0] = itemIndex;
      row[1] = cm === rm ? -1 : cm;
      row[2] = cm === rm ? -1 : rm;
      meta.push(row);
      const total = buffer[c * FEATURE_COUNT]! + buffer[r * FEATURE_COUNT]!;
      lengthDiff.pushOne(total > 0 ? diff[0]! / total : 0);
    }

    for (const { ranking, shownOrder } of item.shown) {
      if (!shownOrder) continue;
      const shownAt = new Map(shownOrder.map((id, i) => [id, i]));
      forEachStrictPair(ranking, (better, worse) => {
        const b = shownAt.get(better);
        const w = shownAt.get(worse);
        if (b === undefined || w === undefined) return;
        position.n += 1;
        if (b < w) position.hits += 1;
      });
    }

    if (item.rankings.length >= 2) {
      agreementItems += 1;
      for (let i = 0; i < item.rankings.length; i++) {
        for (let j = i + 1; j < item.rankings.length; j++) {
          const a = pairwiseAgreement(item.rankings[i]!, item.rankings[j]!);
          human.n += a.compared;
          human.hits += a.agree;
        }
        forEachStrictPair(item.rankings[i]!, (better, worse) => {
          if (!at.has(better) || !at.has(worse)) return;
          const d = chars(better) - chars(worse);
          if (d === 0) return;
          lengthRule.n += 1;
          if (d > 0) lengthRule.hits += 1;
        });
      }
    }
  }

  function learned(): HealthReport['learned'] {
    const sum = new Float64Array(FEATURE_COUNT);
    let trainCount = 0;
    const isValidation = (i: number) => splitOf.get(i) === 1;
    diffs.forEach((chunk, base, i) => {
      if (isValidation(i)) return;
      trainCount += 1;
      for (let k = 0; k < FEATURE_COUNT; k++) sum[k]! += chunk[base + k]! * chunk[base + k]!;
    });
    const scale = Array.from(sum, (s) => (trainCount > 0 ? Math.sqrt(s / trainCount) : 0));
    const used = FEATURE_NAMES.map((_, k) => k).filter((k) => scale[k]! > 1e-9);
    const empty = {
      method: 'Bradley–Terry logistic regression on feature differences, L2, Newton',
      lambda,
      weights: FEATURE_NAMES.map((f, k) => ({ feature: f, label: FEATURE_LABELS[f], weight: null, scale: round(scale[k]!) })),
      train: rate(counter()),
      validation: null,
      iterations: 0,
      converged: false,
    };
    if (trainCount < MIN_TRAIN || used.length === 0)
      return { ...empty, note: `Not fitted: ${trainCount} train pairs (at least ${MIN_TRAIN} with some difference are needed).` };
    const index = Int32Array.from(used.map((_, j) => j));
    const value = new Float64Array(used.length);
    const columns = Int32Array.from(used);
    const inverse = Float64Array.from(used.map((k) => 1 / scale[k]!));
    const load = (chunk: Float32Array, base: number) => {
      for (let j = 0; j < columns.length; j++) value[j] = chunk[base + columns[j]!]! * inverse[j]!;
    };
    const fit = fitLogistic({
      dimension: used.length,
      lambda,
      forEachRow: (visit: RowVisitor) =>
        diffs.forEach((chunk, base, i) => {
          if (isValidation(i)) return;
          load(chunk, base);
          visit(index, value, used.length);
        }),
    });
    const score = (chunk: Float32Array, base: number) => {
      load(chunk, base);
      let z = 0;
      for (let j = 0; j < used.length; j++) z += fit.weights[j]! * value[j]!;
      return z > 0 ? 1 : z === 0 ? 0.5 : 0;
    };
    const train = counter();
    const units: number[][] = [];
    let lastItem = -1;
    let validationRows = 0;
    let validationHits = 0;
    diffs.forEach((chunk, base, i) => {
      const s = score(chunk, base);
      if (!isValidation(i)) {
        train.n += 1;
        train.hits += s;
        return;
      }
      const item = meta.get(i, 0);
      if (item !== lastItem) {
        units.push([0, 0]);
        lastItem = item;
      }
      const unit = units[units.length - 1]!;
      unit[0]! += s;
      unit[1]! += 1;
      validationRows += 1;
      validationHits += s;
    });
    const weights = FEATURE_NAMES.map((f, k) => {
      const j = used.indexOf(k);
      return { feature: f, label: FEATURE_LABELS[f], weight: j === -1 ? null : round(fit.weights[j]!), scale: round(scale[k]!) };
    });
    let validation: HealthReport['learned']['validation'] = null;
    if (validationRows > 0) {
      // Resampling fewer than MIN_BOOTSTRAP_ITEMS prompts says nothing about the spread (one prompt gives a
      // zero-width interval): no interval then, rather than a falsely narrow one.
      const interval =
        units.length >= MIN_BOOTSTRAP_ITEMS
          ? bootstrapSums(units, (s) => [s[1]! > 0 ? s[0]! / s[1]! : Number.NaN], { seed, resamples })[0]!
          : { low: Number.NaN, high: Number.NaN };
      validation = {
        accuracy: round(validationHits / validationRows),
        low: Number.isFinite(interval.low) ? round(interval.low) : null,
        high: Number.isFinite(interval.high) ? round(interval.high) : null,
        n: validationRows,
        items: units.length,
        resamples,
        seed,
      };
    }
    return {
      ...empty,
      weights,
      train: rate({ n: train.n, hits: Math.round(train.hits) }),
      validation,
      iterations: fit.iterations,
      converged: fit.converged,
      note: validation ? null : 'No validation pairs: held-out accuracy needs a validation split.',
    };
  }

  function report(): HealthReport {
    const names = [...models.keys()];
    const strengths = fitModelStrengths({
      models: names,
      forEachGame: (visit) =>
        meta.forEach((chunk, base, i) => {
          if (chunk[base + 1]! >= 0) visit(chunk[base + 1]!, chunk[base + 2]!, lengthDiff.get(i));
        }),
    });
    const lengthRates = (unit: 'chars' | 'words') => ({
      train: rate(length[unit].train),
      validation: rate(length[unit].validation),
      all: rate({ n: length[unit].train.n + length[unit].validation.n, hits: length[unit].train.hits + length[unit].validation.hits }),
      equal: length[unit].equal,
    });
    const body: Omit<HealthReport, 'warnings'> = {
      version: 1,
      pairs: { ...pairs },
      length: { chars: lengthRates('chars'), words: lengthRates('words') },
      position: rate(position),
      learned: learned(),
      agreement: { items: agreementItems, human: rate(human), length_rule: rate(lengthRule) },
      models: {
        rows: strengths.rows.map((r) => ({
          ...r,
          win_rate: r.win_rate === null ? null : round(r.win_rate),
          rating: Math.round(r.rating * 10) / 10,
          rating_length_controlled: Math.round(r.rating_length_controlled * 10) / 10,
          expected_win_rate: r.expected_win_rate === null ? null : round(r.expected_win_rate),
          expected_win_rate_length_controlled:
            r.expected_win_rate_length_controlled === null ? null : round(r.expected_win_rate_length_controlled),
        })),
        length_coefficient: strengths.lengthCoefficient === null ? null : round(strengths.lengthCoefficient),
        compared: strengths.compared,
      },
    };
    return { ...body, warnings: healthWarnings(body) };
  }

  return {
    addItem,
    report,
    /** Bytes held for the fits (the benchmark reports it). */
    heldBytes: () => diffs.bytes + meta.bytes + splitOf.bytes + lengthDiff.bytes,
  };
}

export type HealthAccumulator = ReturnType<typeof createHealthAccumulator>;
