import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { foldRollups, readRollups, ROLLUP_INLINE_LIMIT } from '@/lib/dashboard/fold-rollups';
import { cachedIntervals, hashInputs } from '@/lib/dashboard/interval-cache';
import { resamplingUnits } from '@/lib/dashboard/resampling-units';
import { at, GAME, UNIT } from '@/lib/dashboard/rollup-layout';
import type { BootstrapInfo, Interval, ModelScores } from '@/lib/dashboard/types';
import type pg from 'pg';
import { getPgPool, getReadPool } from '@/lib/db';
import { bootstrapSums, bradleyTerryFromTallies, type Tally } from '@/lib/stats';

// Each resample refits Bradley–Terry; 500 keeps the refresh well under a second with a dozen models.
const RESAMPLES = 500;
const FIT = { prior: 1, tolerance: 1e-8 };

export type ModelInputs = {
  info: BootstrapInfo;
  pairs: [string, string][];
  models: string[];
  vectors: Float64Array[];
  /** As in AgreementInputs: the rollups as last folded, a backlog left to the background fold. */
  foldDeferred?: boolean;
};

/**
 * What getModelScores computes from: per resampling unit, (games, wins of the first model) of each
 * model pair. From the rollups (folded first) past 1,024 items, else the items' own rows. `scratch`
 * and `grouped` as in loadAgreementInputs (tests).
 */
export async function loadModelInputs(options: {
  projectId: string;
  scratch?: boolean;
  grouped?: boolean;
  /** Where the reads go after the fold (a replica: the dashboard); the primary's pool by default. */
  pool?: pg.Pool;
  /** A view's bound on the deltas it folds inline (fold-rollups.ts ROLLUP_INLINE_LIMIT); none: fold all (the background job). */
  foldLimit?: number;
}): Promise<ModelInputs> {
  const { projectId, scratch = false } = options;
  const foldDeferred = scratch ? false : (await foldRollups({ projectId, limit: options.foldLimit })).deferred;
  const rows = await readRollups({ projectId, kinds: ['unit', 'game'], scratch, pool: options.pool });
  // Items that can have games (invalid items and items without judgments have none).
  const items = rows.filter((r) => r.kind === 'unit').reduce((n, r) => n + at(r.v, UNIT.gameItems), 0);
  const { info } = resamplingUnits(items, RESAMPLES);
  // A deferred fold: the rollups alone, as last folded (the items' own rows are current, and a project never folded has
  // no rollups to tell its size: its rows could be a million).
  const grouped = options.grouped ?? (info.grouped || foldDeferred);
  let games: { unit: string; modelA: string; modelB: string; games: number; winsA: number }[];
  if (grouped) {
    games = rows
      .filter((r) => r.kind === 'game' && at(r.v, GAME.rows) > 0)
      .map((r) => ({
        unit: String(r.unit).padStart(4, '0'),
        modelA: r.k1,
        modelB: r.k2,
        games: at(r.v, GAME.games),
        winsA: at(r.v, GAME.winsA),
      }));
  } else {
    const { rows: own } = await (options.pool ?? getPgPool()).query<{
      unit: string;
      modelA: string;
      modelB: string;
      games: number;
      winsA: number;
    }>(`SELECT "itemId"::text AS unit, "modelA", "modelB", games::float8 AS games, "winsA" FROM item_model_games WHERE "projectId" = $1`, [
      projectId,
    ]);
    games = own;
  }
  const key = (a: string, b: string) => `${a}\u0000${b}`;
  const pairs = [...new Set(games.map((r) => key(r.modelA, r.modelB)))].sort().map((k) => k.split('\u0000') as [string, string]);
  const pairIndex = new Map(pairs.map(([a, b], i) => [key(a, b), i]));
  const vectors = new Map<string, Float64Array>();
  for (const r of games) {
    let v = vectors.get(r.unit);
    if (!v) vectors.set(r.unit, (v = new Float64Array(2 * pairs.length)));
    const i = 2 * pairIndex.get(key(r.modelA, r.modelB))!;
    v[i] = v[i]! + r.games;
    v[i + 1] = v[i + 1]! + r.winsA;
  }
  const ordered = [...vectors.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return {
    info: { ...info, grouped, units: grouped ? 1024 : items },
    pairs,
    models: [...new Set(pairs.flat())].sort(),
    vectors: ordered,
    foldDeferred,
  };
}

const tallies = (pairs: [string, string][], s: ArrayLike<number>): Tally[] =>
  pairs.map(([a, b], i) => ({ a, b, games: s[2 * i]!, wins: s[2 * i + 1]! }));

function totalOf(inputs: ModelInputs): Float64Array {
  const total = new Float64Array(2 * inputs.pairs.length);
  for (const v of inputs.vectors) v.forEach((x, k) => (total[k] = total[k]! + x));
  return total;
}

/** The full-data fit, and a refit from it per resample (as bootstrapSums' estimate, bit for bit). */
function fitter(inputs: ModelInputs) {
  const start = bradleyTerryFromTallies(tallies(inputs.pairs, totalOf(inputs)), FIT);
  // Resamples start from the full-data fit, which they are close to.
  return (s: Float64Array) => {
    const ratings = bradleyTerryFromTallies(tallies(inputs.pairs, s), { ...FIT, start });
    return inputs.models.map((m) => ratings[m] ?? Number.NaN);
  };
}

/** The ratings' bootstrap (500 resamples, each a refit, fixed seed): the costly part, run off the request path when it can be. */
export function modelIntervals(inputs: ModelInputs): Record<string, Interval> {
  const intervals = bootstrapSums(inputs.vectors, fitter(inputs), { seed: inputs.info.seed, resamples: RESAMPLES });
  return Object.fromEntries(inputs.models.map((m, i) => [m, intervals[i]!]));
}

export const modelHash = (inputs: ModelInputs) => hashInputs({ info: inputs.info, pairs: inputs.pairs }, inputs.vectors);

/**
 * Model scores (PRODUCT §5): Bradley–Terry ratings on the Elo-like scale (ties half a win, one
 * virtual tie per pair that met so an unbeaten model stays finite) with 95% bootstrap intervals
 * over items (500 resamples, fixed seed; cached, see `intervals`), and the win-rate matrix. From
 * counted judgments only.
 */
export async function getModelScores(options: { projectId: string; inlineFoldLimit?: number }): Promise<ModelScores> {
  const { projectId, inlineFoldLimit = ROLLUP_INLINE_LIMIT } = options;
  await refreshProjectStats({ projectId });
  const inputs = await loadModelInputs({ projectId, pool: await getReadPool(), foldLimit: inlineFoldLimit });
  const ratings = fitter(inputs)(totalOf(inputs));
  const { intervals, freshness } = await cachedIntervals({
    projectId,
    widget: 'models',
    inputHash: modelHash(inputs),
    estimates: Object.fromEntries(inputs.models.map((m, i) => [m, ratings[i]!])),
    compute: () => modelIntervals(inputs),
  });
  return modelScoresOf(inputs, intervals, inputs.foldDeferred ? { ...freshness, behind: true, estimatesBehind: true } : freshness);
}

export function modelScoresOf(inputs: ModelInputs, intervals: Record<string, Interval>, freshness: ModelScores['intervals']): ModelScores {
  const { pairs, models } = inputs;
  const total = totalOf(inputs);
  const pairIndex = new Map(pairs.map(([a, b], i) => [`${a}\u0000${b}`, i]));
  const leaderboard = models
    .map((modelId) => ({
      modelId,
      rating: intervals[modelId]!,
      games: pairs.reduce((n, [a, b], p) => n + (a === modelId || b === modelId ? total[2 * p]! : 0), 0),
    }))
    .sort((x, y) => y.rating.estimate - x.rating.estimate || x.modelId.localeCompare(y.modelId));
  const order = leaderboard.map((m) => m.modelId);
  const cell = (i: string, j: string) => {
    const p = pairIndex.get(i < j ? `${i}\u0000${j}` : `${j}\u0000${i}`);
    if (p === undefined || i === j) return { games: 0, rate: null };
    const games = total[2 * p]!;
    const winsOfFirst = total[2 * p + 1]!;
    return { games, rate: games > 0 ? (i < j ? winsOfFirst : games - winsOfFirst) / games : null };
  };
  return {
    leaderboard,
    winMatrix: {
      models: order,
      rates: order.map((i) => order.map((j) => cell(i, j).rate)),
      games: order.map((i) => order.map((j) => cell(i, j).games)),
    },
    bootstrap: inputs.info,
    intervals: freshness,
  };
}
