// The dashboard numbers of one item, computed from its judgments (pure; no I/O). Stored per item
// and per judgment by recompute-stats.ts, so project figures are sums over rows (PRODUCT §5).
import { kendallW, pairwiseAgreement, ranksFromGroups } from '@/lib/stats';

export type ItemInput = {
  itemId: string;
  projectId: string;
  /** The adjudicated ranking, else the gold ranking of a gold item, else null. */
  reference: string[][] | null;
  adjudicated: boolean;
  invalid: boolean;
  responses: { id: string; modelId: string | null; length: number }[];
  /** Oldest first (createdAt, then id). */
  judgments: {
    id: string;
    userId: string;
    excluded: boolean;
    ranking: string[][];
    /** Null for imported judgments (no assignment). */
    shownOrder: string[] | null;
    ratings: { responseId: string; likert: number | null; flags: string[] }[];
  }[];
};

export type ItemStatsRow = {
  itemId: string;
  projectId: string;
  judgments: number;
  agree: number;
  compared: number;
  agreeTies: number;
  comparedTies: number;
  agreement: number | null;
  kendallW: number | null;
  /** The 28 Likert coincidence cells (a, b), a ≤ b, row by row; empty without pairable ratings. */
  likert: number[];
  flagValues: number;
  adjudicated: boolean;
  invalid: boolean;
};

export type JudgmentStatsRow = {
  judgmentId: string;
  projectId: string;
  userExcluded: boolean;
  counted: boolean;
  looAgree: number;
  looCompared: number;
  goldAgree: number;
  goldCompared: number;
  firstWins: number;
  firstLosses: number;
  firstNullVariance: number;
  longerWins: number;
  longerCompared: number;
  earlierAgree: number;
  earlierCompared: number;
};

export type GameRow = { itemId: string; projectId: string; modelA: string; modelB: string; games: number; winsA: number };

export type FlagRow = { itemId: string; projectId: string; flag: string; both: number; mixed: number };

export type ItemStats = { item: ItemStatsRow; judgments: JudgmentStatsRow[]; games: GameRow[]; flags: FlagRow[] };

/** Index of Likert cell (a, b), 1 ≤ a ≤ b ≤ 7, among the 28 cells of the upper triangle, row by row. */
export function likertCell(a: number, b: number): number {
  const [i, j] = [Math.min(a, b) - 1, Math.max(a, b) - 1];
  return i * 7 - (i * (i - 1)) / 2 + (j - i);
}

/** Tie-group index of each response: lower is better. */
function positions(ranking: string[][]): Map<string, number> {
  const at = new Map<string, number>();
  ranking.forEach((group, g) => group.forEach((id) => at.set(id, g)));
  return at;
}

/** Likert coincidences (Krippendorff) of units rated by ≥ 2 labelers, as the 28 cells a ≤ b; [] when none. */
function likertCoincidences(units: number[][]): number[] {
  const cells = new Array<number>(28).fill(0);
  let any = false;
  for (const values of units) {
    if (values.length < 2) continue;
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const weight = 1 / (values.length - 1);
    for (const [a, na] of counts) {
      for (const [b, nb] of counts) {
        if (a > b) continue;
        const pairs = a === b ? na * (na - 1) : na * nb;
        cells[likertCell(a, b)]! += pairs * weight;
        any = true;
      }
    }
  }
  return any ? cells : [];
}

/** Flag coincidences per flag over units rated by ≥ 2 labelers (each unit: one flag list per rating). */
function flagCoincidences(units: string[][][]) {
  let values = 0;
  const both = new Map<string, number>();
  const mixed = new Map<string, number>();
  for (const ratings of units) {
    const m = ratings.length;
    if (m < 2) continue;
    values += m;
    const present = new Map<string, number>();
    for (const flags of ratings) for (const f of new Set(flags)) present.set(f, (present.get(f) ?? 0) + 1);
    for (const [flag, n1] of present) {
      both.set(flag, (both.get(flag) ?? 0) + (n1 * (n1 - 1)) / (m - 1));
      mixed.set(flag, (mixed.get(flag) ?? 0) + (n1 * (m - n1)) / (m - 1));
    }
  }
  const keys = [...both.keys()].sort();
  return { values, keys, both: keys.map((k) => both.get(k)!), mixed: keys.map((k) => mixed.get(k)!) };
}

/** The item's Kendall W over labelers with a full ranking; null when undefined. */
function itemKendallW(rankings: string[][][], responseIds: string[]): number | null {
  const full = rankings.filter((r) => r.flat().length === responseIds.length && responseIds.every((id) => r.some((g) => g.includes(id))));
  if (full.length < 2 || responseIds.length < 2) return null;
  const w = kendallW(
    full.map((r) => {
      const ranks = ranksFromGroups(r);
      return responseIds.map((id) => ranks[id]!);
    }),
  );
  return Number.isFinite(w) ? w : null;
}

type Judgment = ItemInput['judgments'][number];

/** Per-judgment numbers against the other labelers, the reference, the shown order and lengths. */
function judgmentStats(
  item: ItemInput,
  j: Judgment,
  counted: Judgment[],
  lengths: Map<string, number>,
): Omit<JudgmentStatsRow, 'earlierAgree' | 'earlierCompared'> {
  const row = {
    judgmentId: j.id,
    projectId: item.projectId,
    userExcluded: j.excluded,
    counted: !j.excluded && !item.invalid,
    looAgree: 0,
    looCompared: 0,
    goldAgree: 0,
    goldCompared: 0,
    firstWins: 0,
    firstLosses: 0,
    firstNullVariance: 0,
    longerWins: 0,
    longerCompared: 0,
  };
  const at = positions(j.ranking);
  const ids = [...at.keys()];
  // Lengths and position are about the labeler alone, so they are kept even on invalid items.
  for (let a = 0; a < ids.length; a++) {
    for (let b = a + 1; b < ids.length; b++) {
      const [x, y] = [ids[a]!, ids[b]!];
      const [lx, ly] = [lengths.get(x), lengths.get(y)];
      if (at.get(x) === at.get(y) || lx === undefined || ly === undefined || lx === ly) continue;
      row.longerCompared += 1;
      if (at.get(x)! < at.get(y)! === lx > ly) row.longerWins += 1;
    }
  }
  const first = j.shownOrder?.[0];
  if (first !== undefined && at.has(first)) {
    const g = at.get(first)!;
    for (const id of ids) {
      if (at.get(id)! > g) row.firstWins += 1;
      if (at.get(id)! < g) row.firstLosses += 1;
    }
    // Were the shown order irrelevant, the first-shown response would be any of them with equal chance.
    row.firstNullVariance =
      ids.reduce((s, id) => s + ids.reduce((d, other) => d + Math.sign(at.get(other)! - at.get(id)!), 0) ** 2, 0) / ids.length;
  }
  if (item.invalid) return row;

  const others = counted.filter((o) => o.userId !== j.userId).map((o) => positions(o.ranking));
  for (let a = 0; a < ids.length; a++) {
    for (let b = a + 1; b < ids.length; b++) {
      const [x, y] = [ids[a]!, ids[b]!];
      const mine = Math.sign(at.get(y)! - at.get(x)!);
      if (mine === 0) continue;
      let votes = 0;
      for (const o of others) if (o.has(x) && o.has(y)) votes += Math.sign(o.get(y)! - o.get(x)!);
      if (votes === 0) continue;
      row.looCompared += 1;
      if (Math.sign(votes) === mine) row.looAgree += 1;
    }
  }
  if (item.reference) {
    const gold = pairwiseAgreement(j.ranking, item.reference);
    row.goldAgree = gold.agree;
    row.goldCompared = gold.compared;
  }
  return row;
}

/** Bradley–Terry games between the models of the item's responses, from counted judgments (ties half). */
function modelGames(item: ItemInput, counted: Judgment[]): GameRow[] {
  const model = new Map(item.responses.filter((r) => r.modelId !== null).map((r) => [r.id, r.modelId!]));
  const tallies = new Map<string, GameRow>();
  for (const j of counted) {
    const at = positions(j.ranking);
    const ids = [...at.keys()].filter((id) => model.has(id));
    for (let a = 0; a < ids.length; a++) {
      for (let b = a + 1; b < ids.length; b++) {
        let [x, y] = [ids[a]!, ids[b]!];
        if (model.get(x) === model.get(y)) continue;
        if (model.get(x)! > model.get(y)!) [x, y] = [y, x];
        const key = `${model.get(x)}\u0000${model.get(y)}`;
        const t = tallies.get(key) ?? {
          itemId: item.itemId,
          projectId: item.projectId,
          modelA: model.get(x)!,
          modelB: model.get(y)!,
          games: 0,
          winsA: 0,
        };
        t.games += 1;
        const d = Math.sign(at.get(y)! - at.get(x)!);
        t.winsA += d > 0 ? 1 : d === 0 ? 0.5 : 0;
        tallies.set(key, t);
      }
    }
  }
  return [...tallies.values()];
}

/**
 * Everything the dashboard needs from one item. Judgments of excluded labelers are left out of
 * the item's numbers and of other labelers' consensus, but get their own numbers (against the
 * counted labelers) so the lead can judge whether to take them back. An invalid item keeps its
 * item numbers (for the queue) and gives no pairs, games or project figures.
 */
export function computeItemStats(item: ItemInput): ItemStats {
  const lengths = new Map(item.responses.map((r) => [r.id, r.length]));
  const included = item.judgments.filter((j) => !j.excluded);
  const counted = item.invalid ? [] : included;

  let agree = 0,
    compared = 0,
    agreeTies = 0,
    comparedTies = 0;
  const earlier = new Map<string, { agree: number; compared: number }>();
  included.forEach((later, i) => {
    const mine = { agree: 0, compared: 0 };
    for (const before of included.slice(0, i)) {
      if (before.userId === later.userId) continue;
      const strict = pairwiseAgreement(before.ranking, later.ranking);
      const ties = pairwiseAgreement(before.ranking, later.ranking, { tiesAsDisagreement: true });
      agree += strict.agree;
      compared += strict.compared;
      agreeTies += ties.agree;
      comparedTies += ties.compared;
      mine.agree += strict.agree;
      mine.compared += strict.compared;
    }
    earlier.set(later.id, mine);
  });

  const responseIds = item.responses.map((r) => r.id);
  const likertUnits = responseIds.map((id) =>
    included.flatMap((j) => j.ratings.filter((r) => r.responseId === id && r.likert !== null).map((r) => r.likert!)),
  );
  const flagUnits = responseIds.map((id) => included.flatMap((j) => j.ratings.filter((r) => r.responseId === id).map((r) => r.flags)));
  const flags = flagCoincidences(flagUnits);

  return {
    item: {
      itemId: item.itemId,
      projectId: item.projectId,
      judgments: included.length,
      agree,
      compared,
      agreeTies,
      comparedTies,
      agreement: compared > 0 ? agree / compared : null,
      kendallW: itemKendallW(
        included.map((j) => j.ranking),
        responseIds,
      ),
      likert: likertCoincidences(likertUnits),
      flagValues: flags.values,
      adjudicated: item.adjudicated,
      invalid: item.invalid,
    },
    judgments: item.judgments.map((j) => {
      const own = earlier.get(j.id);
      const isCounted = !j.excluded && !item.invalid;
      return {
        ...judgmentStats(item, j, counted, lengths),
        earlierAgree: isCounted ? (own?.agree ?? 0) : 0,
        earlierCompared: isCounted ? (own?.compared ?? 0) : 0,
      };
    }),
    games: modelGames(item, counted),
    flags: item.invalid
      ? []
      : flags.keys.map((flag, f) => ({
          itemId: item.itemId,
          projectId: item.projectId,
          flag,
          both: flags.both[f]!,
          mixed: flags.mixed[f]!,
        })),
  };
}
