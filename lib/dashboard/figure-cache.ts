import { createHash } from 'node:crypto';
import { foldRollups } from '@/lib/dashboard/fold-rollups';
import type { FigureFreshness } from '@/lib/dashboard/types';
import { getPgPool } from '@/lib/db';
import { OUT_OF_DATE_ITEMS_SQL } from '@/lib/judgments/out-of-date-stats';
import { queueStatsRefresh } from '@/lib/judgments/refresh-project-stats';

/** Figures computed off the request path by the stats refresh job (lib/dashboard/refresh-cached-figures.ts). */
export type FigureWidget = 'abuse' | 'groups' | 'health';

export type { FigureFreshness };

/**
 * Up to this many judgments a project's figures are computed in the view itself when they are not
 * current (a few hundred milliseconds at most): small projects never show a figure as behind.
 */
export const SYNCHRONOUS_JUDGMENTS = 5_000;

/**
 * What a figure's state key is made of, read in one round trip without touching judgments: how many
 * times the project's stats deltas were folded, whether deltas are pending, and who is excluded.
 * Every change of a judgment or of its stats row appends deltas (the stats tables' triggers), so a
 * figure computed after fold N, with no delta pending and no item out of date, is of the current data.
 */
export type DataMark = {
  folds: string;
  pending: boolean;
  excluded: string[];
  /** Judgments with stats rows and items out of date (lib/judgments/out-of-date-stats.ts), each counted up to a bound. */
  judgments: number;
  outOfDate: number;
};

export async function readDataMark(options: { projectId: string; countUpTo?: number }): Promise<DataMark> {
  const { rows } = await getPgPool().query<DataMark>(
    `SELECT coalesce((SELECT folds::text FROM dashboard_fold_counts WHERE "projectId" = $1), '0') AS folds,
            EXISTS (SELECT 1 FROM dashboard_rollup_deltas WHERE "projectId" = $1) AS pending,
            ARRAY(SELECT "userId"::text FROM memberships WHERE "projectId" = $1 AND excluded ORDER BY "userId") AS excluded,
            (SELECT count(*)::int FROM (SELECT 1 FROM judgment_stats WHERE "projectId" = $1 LIMIT $2) s) AS judgments,
            (SELECT count(*)::int FROM (${OUT_OF_DATE_ITEMS_SQL}) o) AS "outOfDate"`,
    [options.projectId, Math.max(1, (options.countUpTo ?? SYNCHRONOUS_JUDGMENTS) + 1)],
  );
  return rows[0]!;
}

/** The key of a figure's inputs: the data mark (without what only the view needs) and the widget's own settings. */
export function stateKey(mark: DataMark, parts: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([mark.folds, mark.excluded, parts]))
    .digest('hex');
}

// JSON has no Date, NaN or ±Infinity: tagged on the way in, restored on the way out, so a cached
// figure equals the one computed (tests compare them whole).
function encode(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date) return { $date: raw.toISOString() };
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}
const decode = (_key: string, value: unknown): unknown => {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as { $date?: string; $number?: string };
    if (typeof v.$date === 'string' && Object.keys(v).length === 1) return new Date(v.$date);
    if (typeof v.$number === 'string' && Object.keys(v).length === 1) return Number(v.$number);
  }
  return value;
};
export const encodeFigure = (value: unknown): string => JSON.stringify(value, encode);
const decodeFigure = <T>(text: string): T => JSON.parse(text, decode) as T;

type Row = { stateKey: string; value: string | null; computedAt: Date | null };

async function readRow(projectId: string, widget: FigureWidget, key: string): Promise<Row | undefined> {
  const { rows } = await getPgPool().query<Row>(
    // value as text: decoded with the tags above. Timestamps are UTC (Prisma's convention).
    `SELECT "stateKey", value::text AS value, "computedAt" AT TIME ZONE 'UTC' AS "computedAt"
     FROM dashboard_figure_cache WHERE "projectId" = $1 AND widget = $2 AND key = $3`,
    [projectId, widget, key],
  );
  return rows[0];
}

/** Stores a computed figure with the state key read before its inputs were (so a change meanwhile reads as behind, never the reverse). */
export async function storeFigure(options: {
  projectId: string;
  widget: FigureWidget;
  key: string;
  stateKey: string;
  value: unknown;
  computeMs: number;
}): Promise<Date> {
  const { rows } = await getPgPool().query<{ computedAt: Date }>(
    `INSERT INTO dashboard_figure_cache ("projectId", widget, key, "stateKey", value, "computedAt", "computeMs")
     VALUES ($1, $2, $3, $4, $5, now() AT TIME ZONE 'UTC', $6)
     ON CONFLICT ("projectId", widget, key) DO UPDATE SET "stateKey" = EXCLUDED."stateKey", value = EXCLUDED.value,
       "computedAt" = EXCLUDED."computedAt", "computeMs" = EXCLUDED."computeMs"
     RETURNING "computedAt" AT TIME ZONE 'UTC' AS "computedAt"`,
    [options.projectId, options.widget, options.key, options.stateKey, encodeFigure(options.value), Math.round(options.computeMs)],
  );
  return rows[0]!.computedAt;
}

/** The figures of a project the job keeps: every one a view asked for (a row, with or without a value), with its state key. */
export type AskedFigure = { key: string; stateKey: string; computedAt: Date | null; computeMs: number | null };

export async function findAskedFigures(options: { projectId: string; widget: FigureWidget }): Promise<AskedFigure[]> {
  const { rows } = await getPgPool().query<AskedFigure>(
    `SELECT key, "stateKey", "computedAt" AT TIME ZONE 'UTC' AS "computedAt", "computeMs"
       FROM dashboard_figure_cache WHERE "projectId" = $1 AND widget = $2 ORDER BY key`,
    [options.projectId, options.widget],
  );
  return rows;
}

/** A figure whose last computation took at least this long is a slow one (a big project's). */
export const SLOW_FIGURE_MS = 1_000;
/** A slow figure is recomputed no sooner than this many times its last computation time after it: at most 1/20 of a core. */
export const MIN_AGE_FACTOR = 20;

/**
 * When a stale figure may be recomputed: now, or (a slow figure computed lately) MIN_AGE_FACTOR ×
 * its computation time after its last computation. Labelers submitting all day would otherwise keep
 * the job recomputing a big project's figures back to back (issue 23); the view meanwhile shows the
 * last figure marked behind, with its time.
 */
export function recomputeDue(figure: Pick<AskedFigure, 'computedAt' | 'computeMs'>, now = Date.now()): Date | null {
  if (figure.computedAt === null || figure.computeMs === null || figure.computeMs < SLOW_FIGURE_MS) return null;
  const due = figure.computedAt.getTime() + MIN_AGE_FACTOR * figure.computeMs;
  return due > now ? new Date(due) : null;
}

/**
 * A cached figure for a view (issue 23): current when computed from the same state key with no
 * stats change pending and no item out of date; else, for a small project (judgments and items out
 * of date together at most SYNCHRONOUS_JUDGMENTS), computed now (after folding) and stored; else
 * the cached value (or null when there is none yet) marked behind, the request recorded and the
 * project's stats refresh job queued, which recomputes it once the stats are current. The cost of
 * a view is a few bounded index reads, whatever the project's size.
 */
export async function cachedFigure<T>(options: {
  projectId: string;
  widget: FigureWidget;
  key: string;
  /** The widget's own inputs besides the data mark (settings, attribute rows), read before the data: part of the state key. */
  parts: unknown;
  compute: () => Promise<T>;
  /** Overrides SYNCHRONOUS_JUDGMENTS (tests: 0 forces the background path). */
  synchronousUpTo?: number;
}): Promise<{ value: T | null; freshness: FigureFreshness }> {
  const { projectId, widget, key } = options;
  const limit = options.synchronousUpTo ?? SYNCHRONOUS_JUDGMENTS;
  const [mark, row] = await Promise.all([readDataMark({ projectId, countUpTo: limit }), readRow(projectId, widget, key)]);
  // Items out of date: the job recomputes them, then this figure (its fold changes the key).
  if (mark.outOfDate > 0) await queueStatsRefresh({ projectId });
  const current = row?.value != null && row.stateKey === stateKey(mark, options.parts) && !mark.pending && mark.outOfDate === 0;
  if (current) return { value: decodeFigure<T>(row.value!), freshness: { asOf: row.computedAt, behind: false } };
  if (mark.judgments + mark.outOfDate <= limit) {
    // Small: fold what is pending so the key read next is settled, then compute here.
    await foldRollups({ projectId });
    const settled = await readDataMark({ projectId, countUpTo: limit });
    const started = performance.now();
    const value = await options.compute();
    const asOf = await storeFigure({
      projectId,
      widget,
      key,
      stateKey: stateKey(settled, options.parts),
      value,
      computeMs: performance.now() - started,
    });
    return { value, freshness: { asOf, behind: settled.outOfDate > 0 } };
  }
  if (!row)
    await getPgPool().query(
      `INSERT INTO dashboard_figure_cache ("projectId", widget, key, "askedAt") VALUES ($1, $2, $3, now() AT TIME ZONE 'UTC') ON CONFLICT DO NOTHING`,
      [projectId, widget, key],
    );
  if (mark.outOfDate === 0) await queueStatsRefresh({ projectId });
  return {
    value: row?.value != null ? decodeFigure<T>(row.value) : null,
    freshness: { asOf: row?.value != null ? row.computedAt : null, behind: true },
  };
}
