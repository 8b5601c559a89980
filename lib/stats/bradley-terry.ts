import { solveLinear } from '@/lib/stats/linear-algebra';

/** One comparison: [first, second, outcome] with 1 = first wins, 0.5 = tie, 0 = second wins. */
export type Game = [string, string, number];

/**
 * Bradley–Terry maximum-likelihood strengths from pairwise outcomes, ties counting as half a win
 * to each side, on the Elo-like scale rating = 400·log10(strength) + 1000 with the geometric mean
 * strength at 1 (so the mean rating is 1000). Fitted with Hunter's (2004) MM iterations.
 * `prior` adds that many virtual ties between every pair of models that met, which keeps the
 * ratings finite when a model won or lost every game; with prior 0 such a model's rating runs to
 * the iteration bound, so dashboards pass a small prior.
 */
export function bradleyTerry(games: Game[], options: BradleyTerryOptions = {}): Record<string, number> {
  const tallies: Tally[] = [];
  for (const [a, b, outcome] of games) {
    if (a === b) continue;
    if (!(outcome >= 0 && outcome <= 1)) throw new RangeError(`An outcome must be between 0 and 1, got ${outcome}`);
    tallies.push({ a, b, wins: outcome, games: 1 });
  }
  return bradleyTerryFromTallies(tallies, options);
}

export type BradleyTerryOptions = {
  prior?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Ratings to start the iterations from (e.g. the full-data fit, when refitting bootstrap resamples); 1000 otherwise. */
  start?: Record<string, number>;
};

/** Games between two models, summed: `wins` of `a` (ties counting half) out of `games`. */
export type Tally = { a: string; b: string; wins: number; games: number };

/**
 * bradleyTerry from summed games (the same fit: the likelihood depends on the games only through
 * these sums), for callers that hold tallies rather than single games, e.g. precomputed per item.
 */
export function bradleyTerryFromTallies(tallies: Tally[], options: BradleyTerryOptions = {}): Record<string, number> {
  const { prior = 0, maxIterations = 10_000, tolerance = 1e-10, start } = options;
  const models = [...new Set(tallies.flatMap(({ a, b }) => [a, b]))].sort();
  const index = new Map(models.map((m, i) => [m, i]));
  const k = models.length;
  if (k === 0) return {};
  const wins = new Array<number>(k).fill(0);
  // Games played between each pair (symmetric).
  const played = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const { a, b, wins: w, games } of tallies) {
    if (a === b || games <= 0) continue;
    const i = index.get(a)!;
    const j = index.get(b)!;
    wins[i]! += w;
    wins[j]! += games - w;
    played[i]![j]! += games;
    played[j]![i]! += games;
  }
  if (prior > 0) {
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        if (played[i]![j]! === 0) continue;
        played[i]![j]! += prior;
        played[j]![i]! += prior;
        wins[i]! += prior / 2;
        wins[j]! += prior / 2;
      }
    }
  }
  // Flat typed arrays and no allocation per iteration: bootstraps refit this hundreds of times.
  const games = Float64Array.from(played.flat());
  let strength = Float64Array.from(models, (m) => 10 ** (((start?.[m] ?? 1000) - 1000) / 400));
  let next = new Float64Array(k);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let logSum = 0;
    for (let i = 0; i < k; i++) {
      let denominator = 0;
      for (let j = 0; j < k; j++) {
        const n = games[i * k + j]!;
        if (n > 0) denominator += n / (strength[i]! + strength[j]!);
      }
      next[i] = denominator === 0 ? strength[i]! : Math.max(wins[i]! / denominator, 1e-300);
      logSum += Math.log(next[i]!);
    }
    const mean = Math.exp(logSum / k);
    let change = 0;
    for (let i = 0; i < k; i++) {
      next[i] = next[i]! / mean;
      change = Math.max(change, Math.abs(Math.log(next[i]! / strength[i]!)));
    }
    [strength, next] = [next, strength];
    if (change < tolerance) break;
  }
  return Object.fromEntries(models.map((m, i) => [m, 400 * Math.log10(strength[i]!) + 1000]));
}

/** One comparison with covariates: outcome of `a` against `b` (1, 0.5, 0) and the row's covariates (a − b differences). */
export type CovariateGame = { a: string; b: string; outcome: number; covariates: ArrayLike<number>; weight?: number };

/** Ratings on bradleyTerry's scale and the covariates' coefficients (log-odds per unit of each covariate). */
export type CovariateFit = { ratings: Record<string, number>; coefficients: number[] };

const ELO_PER_LOGIT = 400 / Math.LN10;

type PreparedGames = { models: string[]; k: number; c: number; I: Int32Array; J: Int32Array; Y: Float64Array; X: Float64Array };
// The same games refitted with other weights (bootstrap resamples) are indexed once.
const prepared = new WeakMap<CovariateGame[], PreparedGames>();

function preparedGames(games: CovariateGame[]): PreparedGames {
  const cached = prepared.get(games);
  if (cached) return cached;
  const models = [...new Set(games.flatMap(({ a, b }) => [a, b]))].sort();
  const index = new Map(models.map((m, i) => [m, i]));
  const c = games[0]?.covariates.length ?? 0;
  const out: PreparedGames = {
    models,
    k: models.length,
    c,
    I: Int32Array.from(games, (g) => index.get(g.a)!),
    J: Int32Array.from(games, (g) => index.get(g.b)!),
    Y: Float64Array.from(games, (g) => {
      if (!(g.outcome >= 0 && g.outcome <= 1)) throw new RangeError(`An outcome must be between 0 and 1, got ${g.outcome}`);
      return g.outcome;
    }),
    X: new Float64Array(games.length * c),
  };
  games.forEach((g, at) => {
    for (let f = 0; f < c; f++) out.X[at * c + f] = g.covariates[f]!;
  });
  prepared.set(games, out);
  return out;
}

/**
 * Bradley–Terry with covariates (LMArena's "style control"): P(a beats b) = σ(θa − θb + γ·x), x the
 * row's covariates, fitted by maximum likelihood (Newton's method with a backtracking line search).
 * Ties count half a win to each side (an outcome of 0.5 in the likelihood), as in bradleyTerry;
 * `prior` adds that many virtual ties with zero covariates between every pair that met (weight > 0),
 * so with no covariates the fit equals bradleyTerryFromTallies with the same prior. θ sums to zero,
 * so ratings are on the same scale: 400·θ/ln 10 + 1000 (geometric mean strength 1000). A tiny ridge
 * keeps a disconnected graph or a constant covariate from making the system singular.
 */
export function bradleyTerryWithCovariates(
  games: CovariateGame[],
  options: {
    prior?: number;
    maxIterations?: number;
    tolerance?: number;
    /** Weight of each game (e.g. bootstrap draw counts), in place of the games' own `weight`. */
    weights?: ArrayLike<number>;
    /** A fit to start Newton's method from (e.g. the full-data fit, when refitting bootstrap resamples). */
    start?: CovariateFit;
  } = {},
): CovariateFit {
  const { prior = 0, maxIterations = 100, tolerance = 1e-9, weights, start } = options;
  const prepared = preparedGames(games);
  const { models, k, c, I: gameI, J: gameJ } = prepared;
  const p = k + c;
  // Rows as flat typed arrays (model indexes, outcome, weight, covariates): the loops below run per Newton step.
  const met = new Set<number>();
  const capacity = games.length + (prior > 0 ? (k * (k - 1)) / 2 : 0);
  const I = new Int32Array(capacity);
  const J = new Int32Array(capacity);
  const Y = new Float64Array(capacity);
  const W = new Float64Array(capacity);
  const X = new Float64Array(capacity * c);
  let n = 0;
  for (let at = 0; at < games.length; at++) {
    const w = weights ? weights[at]! : (games[at]!.weight ?? 1);
    const [i, j] = [gameI[at]!, gameJ[at]!];
    if (i === j || !(w > 0)) continue;
    I[n] = i;
    J[n] = j;
    Y[n] = prepared.Y[at]!;
    W[n] = w;
    X.set(prepared.X.subarray(at * c, at * c + c), n * c);
    met.add(Math.min(i, j) * k + Math.max(i, j));
    n += 1;
  }
  if (prior > 0) {
    for (const key of met) {
      I[n] = Math.floor(key / k);
      J[n] = key % k;
      Y[n] = 0.5;
      W[n] = prior;
      n += 1;
    }
  }
  const eta = (theta: Float64Array, r: number) => {
    let e = theta[I[r]!]! - theta[J[r]!]!;
    for (let f = 0; f < c; f++) e += theta[k + f]! * X[r * c + f]!;
    return e;
  };
  const logLik = (theta: Float64Array) => {
    let sum = 0;
    for (let r = 0; r < n; r++) {
      const e = eta(theta, r);
      // log σ(η) and log σ(−η), stable for large |η|.
      const logP = -Math.log1p(Math.exp(-Math.abs(e))) + Math.min(0, e);
      sum += W[r]! * (Y[r]! * logP + (1 - Y[r]!) * (logP - e));
    }
    let centre = 0;
    for (let m = 0; m < k; m++) centre += theta[m]!;
    return sum - 0.5 * centre * centre;
  };
  const ridge = 1e-9;
  const params = new Float64Array(p);
  if (start) {
    models.forEach((m, i) => (params[i] = ((start.ratings[m] ?? 1000) - 1000) / ELO_PER_LOGIT));
    for (let f = 0; f < c; f++) params[k + f] = start.coefficients[f] ?? 0;
  }
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  const at = new Int32Array(2 + c);
  const value = new Float64Array(2 + c);
  let current = logLik(params);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    // Gradient and (negative) Hessian of the log-likelihood, plus ½(Σθ)² pinning the mean (the likelihood ignores it).
    gradient.fill(0);
    hessian.fill(0);
    for (let r = 0; r < n; r++) {
      const prob = 1 / (1 + Math.exp(-eta(params, r)));
      const residual = W[r]! * (Y[r]! - prob);
      const curvature = W[r]! * prob * (1 - prob);
      at[0] = I[r]!;
      value[0] = 1;
      at[1] = J[r]!;
      value[1] = -1;
      for (let f = 0; f < c; f++) {
        at[2 + f] = k + f;
        value[2 + f] = X[r * c + f]!;
      }
      for (let u = 0; u < 2 + c; u++) {
        gradient[at[u]!]! += residual * value[u]!;
        const row = at[u]! * p;
        const cu = curvature * value[u]!;
        for (let v = 0; v < 2 + c; v++) hessian[row + at[v]!]! += cu * value[v]!;
      }
    }
    let centre = 0;
    for (let m = 0; m < k; m++) centre += params[m]!;
    for (let m = 0; m < k; m++) {
      gradient[m]! -= centre;
      for (let o = 0; o < k; o++) hessian[m * p + o]! += 1;
    }
    for (let d = 0; d < p; d++) hessian[d * p + d]! += ridge;
    const step = solveLinear(hessian, gradient);
    let scale = 1;
    let next = params;
    let nextValue = current;
    for (let halving = 0; halving < 30; halving++) {
      next = Float64Array.from(params, (v, d) => v + scale * step[d]!);
      nextValue = logLik(next);
      if (nextValue >= current - 1e-12) break;
      scale /= 2;
    }
    let change = 0;
    for (let d = 0; d < p; d++) change = Math.max(change, Math.abs(next[d]! - params[d]!));
    params.set(next);
    const gain = nextValue - current;
    current = nextValue;
    // Converged, or creeping along a direction the data cannot tell apart (collinear covariates).
    if (change < tolerance || gain < 1e-12 * Math.max(1, Math.abs(current))) break;
  }
  return {
    ratings: Object.fromEntries(models.map((m, i) => [m, ELO_PER_LOGIT * params[i]! + 1000])),
    coefficients: Array.from(params.subarray(k)),
  };
}
