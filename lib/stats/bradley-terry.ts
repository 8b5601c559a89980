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
