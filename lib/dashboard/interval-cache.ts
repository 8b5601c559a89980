import { createHash } from 'node:crypto';
import type { Interval, IntervalFreshness } from '@/lib/dashboard/types';
import { getPgPool } from '@/lib/db';

export type CachedWidget = 'agreement' | 'models';

/** Low and high of each named statistic; JSON has no NaN, so null stands for it. */
type Stored = Record<string, [number | null, number | null]>;

/**
 * A hash of everything a widget's bootstrap depends on: the resampling settings and every unit's
 * vector in order (bit for bit). Equal hashes, equal intervals: the cache is current exactly then.
 */
export function hashInputs(header: unknown, vectors: Float64Array[]): string {
  const hash = createHash('sha256').update(JSON.stringify(header));
  for (const v of vectors) hash.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).update('|');
  return hash.digest('hex');
}

const toStored = (intervals: Record<string, Interval>): Stored =>
  Object.fromEntries(
    Object.entries(intervals).map(([k, i]) => [k, [Number.isNaN(i.low) ? null : i.low, Number.isNaN(i.high) ? null : i.high]]),
  );

/**
 * The widget's intervals: the cached ones when they were computed from the same inputs; else,
 * without any cache, computed now (once) and stored; else the cached ones marked behind (bounds of
 * statistics the cache does not have are NaN). Estimates always come from `estimates` (current).
 */
export async function cachedIntervals(options: {
  projectId: string;
  widget: CachedWidget;
  inputHash: string;
  estimates: Record<string, number>;
  compute: () => Record<string, Interval>;
  /** Recompute when the cache is behind (the background refresh). */
  force?: boolean;
}): Promise<{ intervals: Record<string, Interval>; freshness: IntervalFreshness }> {
  const { projectId, widget, inputHash, estimates } = options;
  const pool = getPgPool();
  const { rows } = await pool.query<{ inputHash: string; intervals: Stored; computedAt: Date }>(
    // Timestamp columns hold UTC (Prisma's convention): read and write them as such.
    `SELECT "inputHash", intervals, "computedAt" AT TIME ZONE 'UTC' AS "computedAt" FROM dashboard_interval_cache WHERE "projectId" = $1 AND widget = $2`,
    [projectId, widget],
  );
  const cached = rows[0];
  if (cached && (cached.inputHash === inputHash || !options.force)) {
    const bound = (x: number | null | undefined) => (x === null || x === undefined ? Number.NaN : x);
    const intervals = Object.fromEntries(
      Object.entries(estimates).map(([k, estimate]) => [
        k,
        { estimate, low: bound(cached.intervals[k]?.[0]), high: bound(cached.intervals[k]?.[1]) },
      ]),
    );
    return { intervals, freshness: { asOf: cached.computedAt, behind: cached.inputHash !== inputHash } };
  }
  const intervals = options.compute();
  // A writer with other inputs may have stored meanwhile: the last computation wins, as both are true of some moment.
  const stored = await pool.query<{ computedAt: Date }>(
    `INSERT INTO dashboard_interval_cache ("projectId", widget, "inputHash", intervals, "computedAt") VALUES ($1, $2, $3, $4, now() AT TIME ZONE 'UTC')
     ON CONFLICT ("projectId", widget) DO UPDATE SET "inputHash" = EXCLUDED."inputHash", intervals = EXCLUDED.intervals, "computedAt" = EXCLUDED."computedAt"
     RETURNING "computedAt" AT TIME ZONE 'UTC' AS "computedAt"`,
    [projectId, widget, inputHash, JSON.stringify(toStored(intervals))],
  );
  return { intervals, freshness: { asOf: stored.rows[0]!.computedAt, behind: false } };
}
