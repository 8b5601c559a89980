import { fitLogistic, sigmoid } from '@/lib/health/fit-logistic';
import type { HealthModelRow } from '@/lib/health/types';

/** Elo-like scale of lib/stats/bradley-terry.ts: 400·log10(strength) + 1000, mean 1000. */
const ELO = 400 / Math.LN10;

/**
 * Per-model win rates and Bradley–Terry ratings with and without a length covariate, as Chatbot
 * Arena's style control does: P(i beats j) = σ(θᵢ − θⱼ + β·ℓ), ℓ the normalised length difference
 * (cᵢ − cⱼ)/(cᵢ + cⱼ) in characters, standardized. A model that wins by being verbose rates lower
 * once β takes the length's share. Games are non-tie rows between two different models, given as
 * (winner index, loser index, ℓ of winner minus loser). λ = 1 keeps ratings finite for a model that
 * won or lost every game and identifies the scale (a prior of about one virtual game).
 */
export function fitModelStrengths(options: {
  models: string[];
  forEachGame: (visit: (winner: number, loser: number, lengthDiff: number) => void) => void;
  lambda?: number;
}): { rows: HealthModelRow[]; lengthCoefficient: number | null; compared: number } {
  const { models, forEachGame } = options;
  const lambda = options.lambda ?? 1;
  const m = models.length;
  const games = new Float64Array(m);
  const wins = new Float64Array(m);
  let compared = 0;
  let squares = 0;
  forEachGame((w, l, len) => {
    games[w]! += 1;
    games[l]! += 1;
    wins[w]! += 1;
    compared += 1;
    squares += len * len;
  });
  if (m < 2 || compared === 0) return { rows: [], lengthCoefficient: null, compared };
  const scale = Math.sqrt(squares / compared);
  const index = new Int32Array(3);
  const value = new Float64Array([1, -1, 0]);
  const plain = fitLogistic({
    dimension: m,
    lambda,
    forEachRow: (visit) =>
      forEachGame((w, l) => {
        index[0] = w;
        index[1] = l;
        visit(index, value, 2);
      }),
  });
  const controlled =
    scale > 0
      ? fitLogistic({
          dimension: m + 1,
          lambda,
          forEachRow: (visit) =>
            forEachGame((w, l, len) => {
              index[0] = w;
              index[1] = l;
              index[2] = m;
              value[2] = len / scale;
              visit(index, value, 3);
            }),
        })
      : null;
  const centred = (weights: Float64Array) => {
    let mean = 0;
    for (let i = 0; i < m; i++) mean += weights[i]!;
    mean /= m;
    return Array.from({ length: m }, (_, i) => weights[i]! - mean);
  };
  const theta = centred(plain.weights);
  const thetaControlled = controlled ? centred(controlled.weights) : theta;
  const expected = (t: number[], i: number) => {
    let s = 0;
    let others = 0;
    for (let j = 0; j < m; j++) {
      if (j === i || games[j] === 0) continue;
      s += sigmoid(t[i]! - t[j]!);
      others += 1;
    }
    return others > 0 ? s / others : null;
  };
  const rows = models
    .map((model, i) => ({
      model,
      games: games[i]!,
      wins: wins[i]!,
      win_rate: games[i]! > 0 ? wins[i]! / games[i]! : null,
      rating: 1000 + ELO * theta[i]!,
      rating_length_controlled: 1000 + ELO * thetaControlled[i]!,
      expected_win_rate: expected(theta, i),
      expected_win_rate_length_controlled: expected(thetaControlled, i),
    }))
    .filter((r) => r.games > 0)
    .sort((a, b) => b.rating_length_controlled - a.rating_length_controlled || a.model.localeCompare(b.model));
  return { rows, lengthCoefficient: controlled ? controlled.weights[m]! : null, compared };
}
