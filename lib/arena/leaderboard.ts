import { STYLE_FEATURES, styleCounts, styleDifference } from '@/lib/arena/style-features';
import type { ArenaVote } from '@/lib/arena/types';
import { votePairs } from '@/lib/arena/vote-pairs';
import {
  bootstrapCounts,
  bradleyTerryFromTallies,
  bradleyTerryWithCovariates,
  wilsonInterval,
  type CovariateFit,
  type CovariateGame,
  type Interval,
  type Tally,
} from '@/lib/stats';

export type ArenaLeaderboardRow = {
  model: string;
  /** Bradley–Terry score on the Elo-like scale (geometric mean of strengths = 1000). */
  score: number;
  /** 95% percentile bootstrap interval over votes. */
  low: number;
  high: number;
  /** 1 + the number of models whose interval lies wholly above this one's (Chatbot Arena's rank). */
  rank: number;
  /** Votes the model took part in. */
  votes: number;
};

export type ArenaPairRow = { modelA: string; modelB: string; votes: number; winsA: number; winsB: number; ties: number; bothBad: number };

export type ArenaLeaderboard = {
  votes: number;
  bootstrap: number;
  seed: number;
  raw: ArenaLeaderboardRow[];
  styleControlled: {
    rows: ArenaLeaderboardRow[];
    /** Log-odds of winning per standard deviation of each normalised style difference, with its interval. */
    coefficients: ({ feature: (typeof STYLE_FEATURES)[number] } & Interval)[];
  };
  /** Per unordered pair of models (A before B by name): votes in which both took part and their outcomes between the two. */
  pairs: ArenaPairRow[];
  outcomes: { decisive: number; ties: number; bothBad: number; tieShare: Interval; bothBadShare: Interval };
  /** Per turn: of the decisive votes, the share won by side A (shown first), and the share expected without bias (mean of 1/sides). */
  positionBias: { turn: number; decisive: number; winsA: number; share: Interval; expected: number }[];
};

const FIT = { prior: 1, tolerance: 1e-8 };

/** Ranks by intervals: 1 + models whose low bound is above this model's high bound. */
function ranked(scores: { model: string; score: number; low: number; high: number; votes: number }[]): ArenaLeaderboardRow[] {
  return scores
    .map((s) => ({ ...s, rank: 1 + scores.filter((o) => o.low > s.high).length }))
    .sort((x, y) => y.score - x.score || x.model.localeCompare(y.model));
}

/**
 * The arena leaderboard of a project's votes (issue 26): Bradley–Terry scores with percentile
 * bootstrap intervals (votes resampled, `bootstrap` resamples, reproducible by `seed`), and the
 * style-controlled fit from the same resamples (bradleyTerryWithCovariates with the normalised
 * differences of length, headers, list items and bold, each divided by its root mean square over the
 * comparisons). A vote is expanded by votePairs (ties and all bad count half a win to each side; with
 * 3–4 sides the winner beats each other side). Both fits add one virtual tie per pair that met, as
 * the dashboard's model scores do, so an unbeaten model stays finite. Models are keyed by name.
 */
export function arenaLeaderboard(votes: ArenaVote[], options: { bootstrap: number; seed: number }): ArenaLeaderboard {
  const fitted = fitScores(votes, options, true);
  return {
    votes: votes.length,
    bootstrap: options.bootstrap,
    seed: options.seed,
    raw: fitted.raw,
    styleControlled: { rows: fitted.style, coefficients: fitted.coefficients },
    pairs: pairRows(votes),
    outcomes: outcomeShares(votes),
    positionBias: positionBias(votes),
  };
}

/** The leaderboard's raw Bradley–Terry rows alone (the same resamples, so the same figures), without the costlier style fit. */
export function arenaRawScores(votes: ArenaVote[], options: { bootstrap: number; seed: number }): ArenaLeaderboardRow[] {
  return fitScores(votes, options, false).raw;
}

function fitScores(votes: ArenaVote[], options: { bootstrap: number; seed: number }, withStyle: boolean) {
  const expanded = votes.map((vote) => ({ vote, pairs: votePairs(vote), styles: vote.sides.map((s) => styleCounts(s.answer)) }));
  const models = [...new Set(votes.flatMap((v) => v.sides.map((s) => s.model)))].sort();
  const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const pairIndex = new Map<string, number>();
  // Per vote: (pair, first model's win share) of each comparison, and the style covariates.
  const comparisons = expanded.map(({ vote, pairs, styles }) =>
    pairs.map(({ a, b, outcome }) => {
      const [ma, mb] = [vote.sides[a]!.model, vote.sides[b]!.model];
      const key = pairKey(ma, mb);
      if (!pairIndex.has(key)) pairIndex.set(key, pairIndex.size);
      return { a: ma, b: mb, outcome, pair: pairIndex.get(key)!, covariates: styleDifference(styles[a]!, styles[b]!) };
    }),
  );
  const pairList = [...pairIndex.keys()].map((k) => k.split('\u0000') as [string, string]);
  const scale = STYLE_FEATURES.map((_, f) => {
    const all = comparisons.flat().map((c) => c.covariates[f]!);
    const rms = Math.sqrt(all.reduce((s, x) => s + x * x, 0) / Math.max(1, all.length));
    return rms > 0 ? rms : 1;
  });
  const games = comparisons.flatMap((list, vote) =>
    list.filter((c) => c.a !== c.b).map((c) => ({ ...c, vote, covariates: c.covariates.map((x, f) => x / scale[f]!) })),
  );

  // Per comparison as typed arrays (refitted per resample): its pair, its vote, and the win share of the pair's first model.
  const gamePair = Int32Array.from(games, (g) => g.pair);
  const gameVote = Int32Array.from(games, (g) => g.vote);
  const gameWins = Float64Array.from(games, (g) => (pairList[g.pair]![0] === g.a ? g.outcome : 1 - g.outcome));
  const sums = new Float64Array(2 * pairList.length);
  const rawFit = (counts: Uint32Array, start?: Record<string, number>) => {
    sums.fill(0);
    for (let i = 0; i < gamePair.length; i++) {
      const w = counts[gameVote[i]!]!;
      sums[2 * gamePair[i]!]! += w;
      sums[2 * gamePair[i]! + 1]! += w * gameWins[i]!;
    }
    const tallies: Tally[] = pairList.map(([a, b], i) => ({ a, b, games: sums[2 * i]!, wins: sums[2 * i + 1]! }));
    return bradleyTerryFromTallies(tallies, { ...FIT, start });
  };
  const covariateGames: CovariateGame[] = games.map((g) => ({ a: g.a, b: g.b, outcome: g.outcome, covariates: g.covariates }));
  const weights = new Float64Array(games.length);
  const styleFit = (counts: Uint32Array, from?: CovariateFit) => {
    for (let i = 0; i < gameVote.length; i++) weights[i] = counts[gameVote[i]!]!;
    return bradleyTerryWithCovariates(covariateGames, { prior: FIT.prior, weights, start: from });
  };
  const ones = new Uint32Array(votes.length).fill(1);
  const start = rawFit(ones);
  // Resamples start from the full-data fits, which they are close to (fewer iterations).
  const styleStart = withStyle ? styleFit(ones) : undefined;
  const intervals = bootstrapCounts(
    votes.length,
    (counts) => {
      const raw = rawFit(counts, start);
      if (!withStyle) return models.map((m) => raw[m] ?? Number.NaN);
      const style = styleFit(counts, styleStart);
      return [...models.map((m) => raw[m] ?? Number.NaN), ...models.map((m) => style.ratings[m] ?? Number.NaN), ...style.coefficients];
    },
    { seed: options.seed, resamples: options.bootstrap },
  );
  const voteCount = new Map(models.map((m) => [m, votes.filter((v) => v.sides.some((s) => s.model === m)).length]));
  const rows = (offset: number) =>
    ranked(
      models.map((model, i) => ({
        model,
        score: intervals[offset + i]!.estimate,
        ...bounds(intervals[offset + i]!),
        votes: voteCount.get(model)!,
      })),
    );
  return {
    raw: rows(0),
    style: withStyle ? rows(models.length) : [],
    coefficients: STYLE_FEATURES.map((feature, f) => ({ feature, ...(intervals[2 * models.length + f] ?? nan()) })),
  };
}

const nan = (): Interval => ({ estimate: Number.NaN, low: Number.NaN, high: Number.NaN });
const bounds = (i: Interval) => ({ low: i.low, high: i.high });

function pairRows(votes: ArenaVote[]): ArenaPairRow[] {
  const rows = new Map<string, ArenaPairRow>();
  for (const vote of votes) {
    const seen = new Set<string>();
    for (let i = 0; i < vote.sides.length; i++) {
      for (let j = 0; j < vote.sides.length; j++) {
        const [a, b] = [vote.sides[i]!.model, vote.sides[j]!.model];
        if (!(a < b)) continue;
        const key = `${a}\u0000${b}`;
        const row = rows.get(key) ?? { modelA: a, modelB: b, votes: 0, winsA: 0, winsB: 0, ties: 0, bothBad: 0 };
        rows.set(key, row);
        if (!seen.has(key)) row.votes += 1;
        seen.add(key);
        const w = vote.winner;
        if (w.kind === 'tie') row.ties += 1;
        else if (w.kind === 'bothbad') row.bothBad += 1;
        else if (w.index === i) row.winsA += 1;
        else if (w.index === j) row.winsB += 1;
      }
    }
  }
  return [...rows.values()].sort((x, y) => x.modelA.localeCompare(y.modelA) || x.modelB.localeCompare(y.modelB));
}

function outcomeShares(votes: ArenaVote[]): ArenaLeaderboard['outcomes'] {
  const ties = votes.filter((v) => v.winner.kind === 'tie').length;
  const bothBad = votes.filter((v) => v.winner.kind === 'bothbad').length;
  return {
    decisive: votes.length - ties - bothBad,
    ties,
    bothBad,
    tieShare: wilsonInterval(ties, votes.length),
    bothBadShare: wilsonInterval(bothBad, votes.length),
  };
}

function positionBias(votes: ArenaVote[]): ArenaLeaderboard['positionBias'] {
  const turns = [...new Set(votes.map((v) => v.turn))].sort((a, b) => a - b);
  return turns.map((turn) => {
    const decisive = votes.filter((v) => v.turn === turn && v.winner.kind === 'side');
    const winsA = decisive.filter((v) => v.winner.kind === 'side' && v.winner.index === 0).length;
    const expected = decisive.length === 0 ? Number.NaN : decisive.reduce((s, v) => s + 1 / v.sides.length, 0) / decisive.length;
    return { turn, decisive: decisive.length, winsA, share: wilsonInterval(winsA, decisive.length), expected };
  });
}
