import type { ArenaModel, ArenaVote, PairSelectionRule } from '@/lib/arena/types';
import { votePairs } from '@/lib/arena/vote-pairs';
import { bradleyTerryFromTallies, laplacianPseudoInverse, type Tally } from '@/lib/stats';

/** Share of active draws made uniformly instead (exploration), so no pair starves on a wrong early estimate. */
export const ACTIVE_EXPLORATION = 0.1;

/** Draws one index with probability proportional to `weights` (all zero or empty: uniformly). */
function draw(weights: number[], random: () => number): number {
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) return Math.floor(random() * weights.length);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** The index of the largest value; ties (within a relative 1e-9) broken at random. */
function best(values: number[], random: () => number): number {
  const top = Math.max(...values);
  const at = values.flatMap((v, i) => (v >= top - Math.abs(top) * 1e-9 ? [i] : []));
  return at[Math.floor(random() * at.length)]!;
}

function shuffle<T>(list: T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** `count` distinct models drawn one after another with probability proportional to `weightOf` (sampling without replacement). */
function drawDistinct(models: ArenaModel[], count: number, weightOf: (m: ArenaModel) => number, random: () => number): ArenaModel[] {
  const left = [...models];
  const chosen: ArenaModel[] = [];
  while (chosen.length < count) {
    const positive = left.map(weightOf).map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
    chosen.push(left.splice(draw(positive, random), 1)[0]!);
  }
  return chosen;
}

/**
 * The active rule's score of every pair (i, j): how much one more vote on it would shrink the
 * models' score variances, the widest first. From the votes so far (scoreCovariance): the scores'
 * covariance Σ and the information w = p_ij(1 − p_ij) of one vote on the pair; with u = e_i − e_j,
 * one more vote changes Σ to Σ − w·Σuuᵀ Σ/(1 + w·uᵀΣu) (Sherman–Morrison), so model r's variance
 * drops by Δ_r = w·(Σu)_r²/(1 + w·uᵀΣu). The score is Σ_r Var_r·Δ_r: the first-order drop of
 * Σ_r Var_r², which weighs each model's shrinking by its current variance so the widest interval
 * (the one a precision target waits for) narrows first. It favours uncertain models and pairs close
 * in strength (large w), LMArena's idea of sampling where the interval would shrink most.
 */
export function activePairScores(models: string[], votes: ArenaVote[]): number[][] {
  const k = models.length;
  const { sigma, information } = scoreCovariance(models, votes);
  return models.map((_, i) =>
    models.map((_, j) => {
      if (i === j) return 0;
      const w = information(i, j);
      const variance = sigma[i * k + i]! + sigma[j * k + j]! - 2 * sigma[i * k + j]!;
      let weighted = 0;
      for (let r = 0; r < k; r++) weighted += sigma[r * k + r]! * (sigma[r * k + i]! - sigma[r * k + j]!) ** 2;
      return (w * weighted) / (1 + w * variance);
    }),
  );
}

/** The covariance of the models' BT scores (summing to zero) from the votes so far, and the information p(1−p) of one vote on a pair. */
export function scoreCovariance(
  models: string[],
  votes: ArenaVote[],
): { sigma: Float64Array; information: (i: number, j: number) => number } {
  const k = models.length;
  const index = new Map(models.map((m, i) => [m, i]));
  const games = Array.from({ length: k }, () => new Float64Array(k));
  const tallies: Tally[] = [];
  for (const vote of votes) {
    for (const { a, b, outcome } of votePairs(vote)) {
      const [ia, ib] = [index.get(vote.sides[a]!.model), index.get(vote.sides[b]!.model)];
      if (ia === undefined || ib === undefined || ia === ib) continue;
      games[ia]![ib]! += 1;
      games[ib]![ia]! += 1;
      tallies.push({ a: models[ia]!, b: models[ib]!, wins: outcome, games: 1 });
    }
  }
  // Every pair "met" once through a virtual tie: the fit and the information exist before any vote.
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) tallies.push({ a: models[i]!, b: models[j]!, wins: 0.5, games: 1 });
  const ratings = bradleyTerryFromTallies(tallies, { tolerance: 1e-6 });
  const theta = models.map((m) => ((ratings[m] ?? 1000) - 1000) * (Math.LN10 / 400));
  const information = (i: number, j: number) => {
    const p = 1 / (1 + Math.exp(theta[j]! - theta[i]!));
    return p * (1 - p);
  };
  const laplacian = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) continue;
      const v = (games[i]![j]! + 1) * information(i, j);
      laplacian[i * k + j] = -v;
      laplacian[i * k + i]! += v;
    }
  }
  return { sigma: laplacianPseudoInverse(laplacian, k), information };
}

/**
 * The models of a new battle, in shown order (A, B, …), `sides` of them (2–4), drawn by the
 * project's rule: "uniform", every model alike; "weighted", in proportion to ArenaModel.weight
 * (default 1; a model of weight 0 only when too few others remain); "active", as LMArena's active
 * sampling: the pair with the highest activePairScores (the expected shrinking of the models'
 * score variances), except for a share ACTIVE_EXPLORATION of battles drawn uniformly (so a wrong
 * early estimate starves no pair, and labelers voting at once do not all get one pair). More than
 * two sides under "active": further models are added one at a time, each the one with the highest
 * sum of scores with the models already chosen. The shown order is always shuffled, so a side's
 * position says nothing about how it was drawn. Only the votes' side models and winners are read
 * (each active call refits BT on all of them: linear in the votes), so lib/chat may pass votes with
 * empty conversations and answers.
 */
export function selectSides(input: {
  models: ArenaModel[];
  votes: ArenaVote[];
  rule: PairSelectionRule;
  sides: number;
  random: () => number;
}): ArenaModel[] {
  const { models, votes, rule, sides, random } = input;
  if (!(Number.isInteger(sides) && sides >= 2 && sides <= 4)) throw new RangeError(`A battle has 2 to 4 sides, not ${sides}`);
  const distinct = [...new Map(models.map((m) => [m.connectionId, m])).values()];
  if (distinct.length < sides) throw new RangeError(`${sides} sides need ${sides} models; the project has ${distinct.length}`);
  if (rule === 'uniform')
    return shuffle(
      drawDistinct(distinct, sides, () => 1, random),
      random,
    );
  if (rule === 'weighted')
    return shuffle(
      drawDistinct(distinct, sides, (m) => m.weight ?? 1, random),
      random,
    );
  if (random() < ACTIVE_EXPLORATION)
    return shuffle(
      drawDistinct(distinct, sides, () => 1, random),
      random,
    );
  const names = distinct.map((m) => m.name);
  const scores = activePairScores(names, votes);
  const cells: [number, number][] = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) cells.push([i, j]);
  const [first, second] =
    cells[
      best(
        cells.map(([i, j]) => scores[i]![j]!),
        random,
      )
    ]!;
  const chosen = [first, second];
  while (chosen.length < sides) {
    const left = names.map((_, c) => c).filter((c) => !chosen.includes(c));
    chosen.push(
      left[
        best(
          left.map((c) => chosen.reduce((s, o) => s + scores[c]![o]!, 0)),
          random,
        )
      ]!,
    );
  }
  return shuffle(
    chosen.map((c) => distinct[c]!),
    random,
  );
}
