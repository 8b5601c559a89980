import { BOOTSTRAP_SEED } from '@/lib/dashboard/resampling-units';
import { bootstrapSums, bradleyTerryFromTallies, pairwiseAgreement, type Interval, type Tally } from '@/lib/stats';

/** One counted judgment's answer for one aspect (issue 27). */
export type AspectAnswerRow = {
  itemId: string;
  userId: string;
  aspect: string;
  overall: string[][];
  sameAsOverall: boolean;
  ranking: string[][] | null;
};

export type AspectFigures = {
  aspect: string;
  /** Judgments that answered it, and of them those with an own ranking. */
  judgments: number;
  items: number;
  /** Pairwise agreement of the labelers' rankings for the aspect, ties excluded (as the Agreement widget), 95% bootstrap over items. */
  agreement: Interval;
  /** Share of answers with an own ranking (not "same as overall"). */
  ownShare: Interval;
  /** Of the response pairs the overall ranking orders strictly, the share the aspect's ranking orders the other way. */
  flippedShare: Interval;
  /** Bradley–Terry ratings of the models from the aspect's rankings (as the Models widget: ties half, prior 1), 95% bootstrap over items. */
  models: { modelId: string; rating: Interval; games: number }[];
};

/** As the dashboard's widgets: 1,000 resamples for ratios, 500 for refits, at most 1,024 resampling units. */
export const ASPECT_RESAMPLES = { shares: 1000, ratings: 500 };
const MAX_UNITS = 1024;
const FIT = { prior: 1, tolerance: 1e-8 };

const positions = (ranking: string[][]) => new Map(ranking.flatMap((group, g) => group.map((id) => [id, g] as const)));
const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

/** Strict pairs of the overall ranking, and those the aspect's ranking orders the other way. */
export function flippedPairs(overall: string[][], aspect: string[][]): { flipped: number; strict: number } {
  const po = positions(overall);
  const pa = positions(aspect);
  const ids = [...po.keys()].sort();
  let flipped = 0;
  let strict = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let k = i + 1; k < ids.length; k++) {
      const so = Math.sign(po.get(ids[i]!)! - po.get(ids[k]!)!);
      if (so === 0) continue;
      strict += 1;
      const a1 = pa.get(ids[i]!);
      const a2 = pa.get(ids[k]!);
      if (a1 !== undefined && a2 !== undefined && Math.sign(a1 - a2) === -so) flipped += 1;
    }
  }
  return { flipped, strict };
}

/** A resampling unit: the item, or one of 1,024 groups of items by a hash of its id past 1,024 items (as resamplingUnits). */
function unitOf(itemId: string, grouped: boolean): string {
  if (!grouped) return itemId;
  let h = 0;
  for (let i = 0; i < itemId.length; i++) h = (Math.imul(h, 31) + itemId.charCodeAt(i)) | 0;
  return String(h & (MAX_UNITS - 1));
}

/**
 * Per aspect: agreement, how often it departs from the overall ranking (own rankings, flipped
 * pairs) and model ratings, each with a 95% percentile bootstrap over items (fixed seed, as the
 * overall widgets). `models` maps response ids to model ids (null: no model, no games).
 */
export function computeAspectFigures(options: {
  aspects: string[];
  rows: AspectAnswerRow[];
  models: Map<string, string | null>;
}): AspectFigures[] {
  return options.aspects.map((aspect) =>
    figuresOf(
      aspect,
      options.rows.filter((r) => r.aspect === aspect),
      options.models,
    ),
  );
}

function figuresOf(aspect: string, rows: AspectAnswerRow[], models: Map<string, string | null>): AspectFigures {
  const byItem = new Map<string, AspectAnswerRow[]>();
  for (const r of rows) byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r]);
  const grouped = byItem.size > MAX_UNITS;
  const pairKey = (a: string, b: string) => `${a}\u0000${b}`;
  // Per unit: agree, compared, own, answered, flipped, strict; games per model pair separately.
  const shares = new Map<string, Float64Array>();
  const games = new Map<string, Map<string, { games: number; winsA: number }>>();
  for (const [itemId, answers] of byItem) {
    const unit = unitOf(itemId, grouped);
    const v = shares.get(unit) ?? new Float64Array(6);
    shares.set(unit, v);
    const rankings = answers.map((a) => (a.sameAsOverall || !a.ranking ? a.overall : a.ranking));
    for (let i = 0; i < rankings.length; i++) {
      for (let k = i + 1; k < rankings.length; k++) {
        const p = pairwiseAgreement(rankings[i]!, rankings[k]!);
        v[0]! += p.agree;
        v[1]! += p.compared;
      }
    }
    answers.forEach((a, i) => {
      v[2]! += a.sameAsOverall ? 0 : 1;
      v[3]! += 1;
      const f = flippedPairs(a.overall, rankings[i]!);
      v[4]! += f.flipped;
      v[5]! += f.strict;
      // Model games from the aspect's ranking, as item_model_games are made from the overall one.
      const at = positions(rankings[i]!);
      const ids = [...at.keys()].filter((id) => models.get(id));
      const unitGames = games.get(unit) ?? new Map();
      games.set(unit, unitGames);
      for (let x = 0; x < ids.length; x++) {
        for (let y = x + 1; y < ids.length; y++) {
          let [p, q] = [ids[x]!, ids[y]!];
          if (models.get(p) === models.get(q)) continue;
          if (models.get(p)! > models.get(q)!) [p, q] = [q, p];
          const key = pairKey(models.get(p)!, models.get(q)!);
          const t = unitGames.get(key) ?? { games: 0, winsA: 0 };
          const d = Math.sign(at.get(q)! - at.get(p)!);
          t.games += 1;
          t.winsA += d > 0 ? 1 : d === 0 ? 0.5 : 0;
          unitGames.set(key, t);
        }
      }
    });
  }
  const units = [...shares.keys()].sort();
  const [agreement, ownShare, flippedShare] = bootstrapSums(
    units.map((u) => shares.get(u)!),
    (s) => [ratio(s[0]!, s[1]!), ratio(s[2]!, s[3]!), ratio(s[4]!, s[5]!)],
    { seed: BOOTSTRAP_SEED, resamples: ASPECT_RESAMPLES.shares },
  ) as [Interval, Interval, Interval];

  const pairs = [...new Set([...games.values()].flatMap((m) => [...m.keys()]))].sort().map((k) => k.split('\u0000') as [string, string]);
  const modelIds = [...new Set(pairs.flat())].sort();
  const vectors = units.map((u) => {
    const v = new Float64Array(2 * pairs.length);
    const m = games.get(u);
    pairs.forEach(([a, b], i) => {
      const t = m?.get(pairKey(a, b));
      v[2 * i] = t?.games ?? 0;
      v[2 * i + 1] = t?.winsA ?? 0;
    });
    return v;
  });
  const tallies = (s: ArrayLike<number>): Tally[] => pairs.map(([a, b], i) => ({ a, b, games: s[2 * i]!, wins: s[2 * i + 1]! }));
  const total = new Float64Array(2 * pairs.length);
  for (const v of vectors) v.forEach((x, k) => (total[k] = total[k]! + x));
  const start = bradleyTerryFromTallies(tallies(total), FIT);
  const ratings =
    modelIds.length === 0
      ? []
      : bootstrapSums(
          vectors,
          (s) => {
            const fit = bradleyTerryFromTallies(tallies(s), { ...FIT, start });
            return modelIds.map((m) => fit[m] ?? Number.NaN);
          },
          { seed: BOOTSTRAP_SEED, resamples: ASPECT_RESAMPLES.ratings },
        );
  return {
    aspect,
    judgments: rows.length,
    items: byItem.size,
    agreement,
    ownShare,
    flippedShare,
    models: modelIds
      .map((modelId, i) => ({
        modelId,
        rating: ratings[i]!,
        games: pairs.reduce((n, [a, b], p) => n + (a === modelId || b === modelId ? total[2 * p]! : 0), 0),
      }))
      .sort((x, y) => y.rating.estimate - x.rating.estimate || x.modelId.localeCompare(y.modelId)),
  };
}
