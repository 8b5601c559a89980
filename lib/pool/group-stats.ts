import { bootstrapSums, bradleyTerryFromTallies, type Interval, type Tally } from '@/lib/stats';

export type GroupJudgment = { itemId: string; userId: string; ranking: string[][]; looAgree: number; looCompared: number };
export type GroupNumbers = {
  value: string;
  labelers: number;
  judgments: number;
  items: number;
  /** Their strict pairs agreeing with the leave-one-out consensus of all other labelers; 95% bootstrap over items. */
  agreement: Interval;
  /** Bradley–Terry ratings (Elo-like scale) from this group's judgments only; 95% bootstrap over items. */
  models: { modelId: string; rating: Interval; games: number }[];
};
export type GroupDisagreement = {
  itemId: string;
  groupA: string;
  groupB: string;
  difference: number;
  judgmentsA: number;
  judgmentsB: number;
};

const FIT = { prior: 1, tolerance: 1e-8 };

/** Past this many items the bootstrap resamples this many fixed groups of items, as the dashboard's widgets do (lib/dashboard/resampling-units.ts). */
const MAX_UNITS = 1024;

/**
 * The bootstrap's units: items one by one up to MAX_UNITS of them, else the items summed into
 * MAX_UNITS groups by a hash of the item id (random with respect to the data, so the variance
 * estimate is the same while the cost stays flat at any size), in group order, empty groups left out.
 */
function resamplingUnits(vectors: Map<string, Float64Array>, width: number): Float64Array[] {
  if (vectors.size <= MAX_UNITS) return [...vectors.values()];
  const groups: (Float64Array | undefined)[] = new Array(MAX_UNITS);
  for (const [itemId, v] of vectors) {
    // FNV-1a of the id: stable across runs and instances.
    let h = 0x811c9dc5;
    for (let i = 0; i < itemId.length; i++) h = Math.imul(h ^ itemId.charCodeAt(i), 0x01000193);
    const g = (h >>> 0) & (MAX_UNITS - 1);
    const sums = (groups[g] ??= new Float64Array(width));
    for (let k = 0; k < width; k++) sums[k] = sums[k]! + v[k]!;
  }
  return groups.filter((g): g is Float64Array => g !== undefined);
}

/** Each response's share of the others it beats in one ranking (ties half): 1 best, 0 worst. */
export function responseScores(ranking: string[][]): Map<string, number> {
  const k = ranking.reduce((n, g) => n + g.length, 0);
  const out = new Map<string, number>();
  let above = 0;
  for (const group of ranking) {
    for (const r of group) out.set(r, k > 1 ? (k - above - group.length + 0.5 * (group.length - 1)) / (k - 1) : 0.5);
    above += group.length;
  }
  return out;
}

/** Model games of one ranking: per ordered model pair (a < b), games and a's wins (ties half). Same-model pairs are skipped. */
function addGames(ranking: string[][], modelOf: Map<string, string>, pairIndex: Map<string, number>, into: Float64Array, offset: number) {
  // Plain loops (no nested arrays): this runs for every judgment of every population.
  const flat: { model: string | undefined; rank: number }[] = [];
  for (let rank = 0; rank < ranking.length; rank++) for (const r of ranking[rank]!) flat.push({ model: modelOf.get(r), rank });
  for (let i = 0; i < flat.length; i++)
    for (let j = i + 1; j < flat.length; j++) {
      const x = flat[i]!;
      const y = flat[j]!;
      if (!x.model || !y.model || x.model === y.model) continue;
      const [a, b] = x.model < y.model ? [x, y] : [y, x];
      const p = pairIndex.get(`${a.model}\u0000${b.model}`);
      if (p === undefined) continue;
      into[offset + 2 * p] = into[offset + 2 * p]! + 1;
      into[offset + 2 * p + 1] = into[offset + 2 * p + 1]! + (a.rank < b.rank ? 1 : a.rank === b.rank ? 0.5 : 0);
    }
}

/**
 * Agreement and model scores of one population of labelers (a group, or everyone when `users` is
 * null), bootstrapped over items with a fixed seed like the dashboard's model scores (over 1,024
 * fixed groups of items past 1,024 items, as they do).
 */
export function populationNumbers(options: {
  value: string;
  judgments: GroupJudgment[];
  users: Set<string> | null;
  modelOf: Map<string, string>;
  seed: number;
  resamples: number;
}): GroupNumbers {
  const { judgments, users, modelOf } = options;
  const mine = users ? judgments.filter((j) => users.has(j.userId)) : judgments;
  const present = new Set<string>();
  for (const j of mine)
    for (const group of j.ranking)
      for (const r of group) {
        const m = modelOf.get(r);
        if (m) present.add(m);
      }
  const models = [...present].sort();
  const pairs: [string, string][] = [];
  for (let i = 0; i < models.length; i++) for (let j = i + 1; j < models.length; j++) pairs.push([models[i]!, models[j]!]);
  const pairIndex = new Map(pairs.map(([a, b], i) => [`${a}\u0000${b}`, i]));
  const width = 2 + 2 * pairs.length;
  const vectors = new Map<string, Float64Array>();
  for (const j of mine) {
    let v = vectors.get(j.itemId);
    if (!v) vectors.set(j.itemId, (v = new Float64Array(width)));
    v[0] = v[0]! + j.looAgree;
    v[1] = v[1]! + j.looCompared;
    addGames(j.ranking, modelOf, pairIndex, v, 2);
  }
  const tallies = (s: Float64Array): Tally[] => pairs.map(([a, b], i) => ({ a, b, games: s[2 + 2 * i]!, wins: s[3 + 2 * i]! }));
  const total = new Float64Array(width);
  for (const v of vectors.values()) v.forEach((x, k) => (total[k] = total[k]! + x));
  const start = pairs.length ? bradleyTerryFromTallies(tallies(total), FIT) : {};
  const intervals = bootstrapSums(
    resamplingUnits(vectors, width),
    (s) => {
      const ratings = pairs.length ? bradleyTerryFromTallies(tallies(s), { ...FIT, start }) : {};
      return [s[1]! > 0 ? s[0]! / s[1]! : Number.NaN, ...models.map((m) => ratings[m] ?? Number.NaN)];
    },
    { seed: options.seed, resamples: options.resamples },
  );
  return {
    value: options.value,
    labelers: new Set(mine.map((j) => j.userId)).size,
    judgments: mine.length,
    items: vectors.size,
    agreement: intervals[0]!,
    models: models
      .map((modelId, i) => ({
        modelId,
        rating: intervals[i + 1]!,
        games: pairs.reduce((n, [a, b], p) => n + (a === modelId || b === modelId ? total[2 + 2 * p]! : 0), 0),
      }))
      .sort((x, y) => y.rating.estimate - x.rating.estimate || x.modelId.localeCompare(y.modelId)),
  };
}

/**
 * Items where two groups disagree most: per item and group, each response's mean score over the
 * group's judgments (responseScores); the item's difference between two groups is the largest
 * absolute gap over its responses (0 to 1). Labelers in both groups are left out of that pair.
 */
export function groupDisagreements(
  judgments: GroupJudgment[],
  groups: { value: string; users: Set<string> }[],
  limit = 10,
): GroupDisagreement[] {
  const byItem = new Map<string, GroupJudgment[]>();
  for (const j of judgments) {
    let list = byItem.get(j.itemId);
    if (!list) byItem.set(j.itemId, (list = []));
    list.push(j);
  }
  const out: GroupDisagreement[] = [];
  for (const [itemId, list] of byItem) {
    let best: GroupDisagreement | null = null;
    for (let g = 0; g < groups.length; g++)
      for (let h = g + 1; h < groups.length; h++) {
        const A = groups[g]!;
        const B = groups[h]!;
        const inA = list.filter((j) => A.users.has(j.userId) && !B.users.has(j.userId));
        const inB = list.filter((j) => B.users.has(j.userId) && !A.users.has(j.userId));
        if (!inA.length || !inB.length) continue;
        const mean = (js: GroupJudgment[]) => {
          const sums = new Map<string, number>();
          for (const j of js) for (const [r, s] of responseScores(j.ranking)) sums.set(r, (sums.get(r) ?? 0) + s / js.length);
          return sums;
        };
        const a = mean(inA);
        const b = mean(inB);
        let difference = 0;
        for (const [r, s] of a) difference = Math.max(difference, Math.abs(s - (b.get(r) ?? s)));
        if (!best || difference > best.difference)
          best = { itemId, groupA: A.value, groupB: B.value, difference, judgmentsA: inA.length, judgmentsB: inB.length };
      }
    if (best && best.difference > 0) out.push(best);
  }
  return out
    .sort(
      (x, y) =>
        y.difference - x.difference || y.judgmentsA + y.judgmentsB - (x.judgmentsA + x.judgmentsB) || x.itemId.localeCompare(y.itemId),
    )
    .slice(0, limit);
}
