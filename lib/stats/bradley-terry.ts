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
export function bradleyTerry(games: Game[], options: { prior?: number; maxIterations?: number; tolerance?: number } = {}): Record<string, number> {
  const { prior = 0, maxIterations = 10_000, tolerance = 1e-10 } = options;
  const models = [...new Set(games.flatMap(([a, b]) => [a, b]))].sort();
  const index = new Map(models.map((m, i) => [m, i]));
  const k = models.length;
  if (k === 0) return {};
  const wins = new Array<number>(k).fill(0);
  // Games played between each pair (symmetric).
  const played = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [a, b, outcome] of games) {
    if (a === b) continue;
    if (!(outcome >= 0 && outcome <= 1)) throw new RangeError(`An outcome must be between 0 and 1, got ${outcome}`);
    const i = index.get(a)!;
    const j = index.get(b)!;
    wins[i]! += outcome;
    wins[j]! += 1 - outcome;
    played[i]![j]! += 1;
    played[j]![i]! += 1;
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
  let strength = new Array<number>(k).fill(1);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const next = strength.map((p, i) => {
      let denominator = 0;
      for (let j = 0; j < k; j++) if (played[i]![j]! > 0) denominator += played[i]![j]! / (p + strength[j]!);
      return denominator === 0 ? p : Math.max(wins[i]! / denominator, 1e-300);
    });
    const logMean = next.reduce((s, p) => s + Math.log(p), 0) / k;
    const normalised = next.map((p) => p / Math.exp(logMean));
    const change = Math.max(...normalised.map((p, i) => Math.abs(Math.log(p) - Math.log(strength[i]!))));
    strength = normalised;
    if (change < tolerance) break;
  }
  return Object.fromEntries(models.map((m, i) => [m, 400 * Math.log10(strength[i]!) + 1000]));
}
