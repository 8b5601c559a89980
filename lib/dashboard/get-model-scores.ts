import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { resamplingUnits } from '@/lib/dashboard/resampling-units';
import type { ModelScores } from '@/lib/dashboard/types';
import { getPgPool, getSql } from '@/lib/db';
import { bootstrapSums, bradleyTerryFromTallies, type Tally } from '@/lib/stats';

// Each resample refits Bradley–Terry; 500 keeps the widget well under a second with a dozen models.
const RESAMPLES = 500;
const FIT = { prior: 1, tolerance: 1e-8 };

/**
 * Model scores (PRODUCT §5): Bradley–Terry ratings on the Elo-like scale (ties half a win, one
 * virtual tie per pair that met so an unbeaten model stays finite) with 95% bootstrap intervals
 * over items (500 resamples, fixed seed), and the win-rate matrix. From counted judgments only.
 */
export async function getModelScores(options: { projectId: string }): Promise<ModelScores> {
  const { projectId } = options;
  await refreshProjectStats({ projectId });
  const pool = getPgPool();
  // Items that can have games (a cheaper count than the distinct items of item_model_games).
  const count = await getSql()
    .selectFrom('item_stats')
    .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('items'))
    .where('projectId', '=', projectId)
    .where('invalid', '=', false)
    .where('judgments', '>', 0)
    .executeTakeFirst();
  const units = resamplingUnits(count?.items ?? 0, RESAMPLES);
  const { rows } = await pool.query<{ unit: string; modelA: string; modelB: string; games: number; winsA: number }>(
    `SELECT ${units.sql} AS unit, "modelA", "modelB", sum(games)::float8 AS games, sum("winsA")::float8 AS "winsA"
     FROM item_model_games WHERE "projectId" = $1 GROUP BY 1, 2, 3`,
    [projectId],
  );
  const pairs = [...new Set(rows.map((r) => `${r.modelA}\u0000${r.modelB}`))].sort().map((key) => key.split('\u0000') as [string, string]);
  const pairIndex = new Map(pairs.map(([a, b], i) => [`${a}\u0000${b}`, i]));
  const models = [...new Set(pairs.flat())].sort();
  const vectors = new Map<string, Float64Array>();
  for (const r of rows) {
    let v = vectors.get(r.unit);
    if (!v) vectors.set(r.unit, (v = new Float64Array(2 * pairs.length)));
    const at = 2 * pairIndex.get(`${r.modelA}\u0000${r.modelB}`)!;
    v[at] = v[at]! + r.games;
    v[at + 1] = v[at + 1]! + r.winsA;
  }
  const tallies = (s: ArrayLike<number>): Tally[] => pairs.map(([a, b], i) => ({ a, b, games: s[2 * i]!, wins: s[2 * i + 1]! }));

  // Resamples start from the full-data fit, which they are close to.
  const total = new Float64Array(2 * pairs.length);
  for (const v of vectors.values()) v.forEach((x, k) => (total[k] = total[k]! + x));
  const start = bradleyTerryFromTallies(tallies(total), FIT);
  const fit = (s: Float64Array) => {
    const ratings = bradleyTerryFromTallies(tallies(s), { ...FIT, start });
    return models.map((m) => ratings[m] ?? Number.NaN);
  };
  const intervals = bootstrapSums([...vectors.values()], fit, { seed: units.info.seed, resamples: RESAMPLES });

  const leaderboard = models
    .map((modelId, i) => ({
      modelId,
      rating: intervals[i]!,
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
    bootstrap: units.info,
  };
}
