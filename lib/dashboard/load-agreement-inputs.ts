import { foldRollups, readRollups } from '@/lib/dashboard/fold-rollups';
import { resamplingUnits } from '@/lib/dashboard/resampling-units';
import { at, FLAG, UNIT, WEEK } from '@/lib/dashboard/rollup-layout';
import type { BootstrapInfo } from '@/lib/dashboard/types';
import type pg from 'pg';
import { getPgPool } from '@/lib/db';

export const AGREEMENT_RESAMPLES = 1000;
/** Layout of one resampling unit's vector: pair counts, Kendall W sums, the 28 Likert cells, flag values, then (both, mixed) per flag anybody set. */
export const LIKERT_AT = 6;
export const FLAG_VALUES_AT = LIKERT_AT + 28;
export const FLAGS_AT = FLAG_VALUES_AT + 1;

export type AgreementInputs = {
  items: number;
  info: BootstrapInfo;
  /** Flags somebody set (sorted), their items, and the units' vectors in unit order. */
  used: string[];
  flagItems: Map<string, number>;
  vectors: Float64Array[];
  histogram: Map<number, number>;
  weeks: { week: string; agree: number; compared: number }[];
  /** The view's bounded fold left a backlog of deltas to the background fold: these are the rollups as last folded. */
  foldDeferred: boolean;
};

const byKey = <T>(rows: T[], key: (r: T) => string) => rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/**
 * What getAgreementSummary computes from, read in time that does not grow with the project: the
 * rollups (folded first) give the counts, histogram and weeks, and, past 1,024 items, the
 * resampling buckets' vectors; up to 1,024 items the vectors are the items' own rows (resampled one by one).
 * `scratch` sums the stats rows instead of reading the rollups, `grouped` forces buckets: both for tests.
 */
export async function loadAgreementInputs(options: {
  projectId: string;
  scratch?: boolean;
  grouped?: boolean;
  /** Where the reads go after the fold (a replica: the dashboard); the primary's pool by default. */
  pool?: pg.Pool;
  /** A view's bound on the deltas it folds inline (fold-rollups.ts ROLLUP_INLINE_LIMIT); none: fold all (the background job). */
  foldLimit?: number;
}): Promise<AgreementInputs> {
  const { projectId, scratch = false } = options;
  const foldDeferred = scratch ? false : (await foldRollups({ projectId, limit: options.foldLimit })).deferred;
  const rows = await readRollups({ projectId, kinds: ['unit', 'flag', 'wbin', 'week'], scratch, pool: options.pool });
  const units = rows.filter((r) => r.kind === 'unit' && at(r.v, UNIT.agreementItems) > 0);
  const flagRows = rows.filter((r) => r.kind === 'flag' && at(r.v, FLAG.rows) > 0);
  const items = units.reduce((n, r) => n + at(r.v, UNIT.agreementItems), 0);
  const { info } = resamplingUnits(items, AGREEMENT_RESAMPLES);
  // A deferred fold: the rollups alone, as last folded (the items' own rows are current, and a project never folded has
  // no rollups to tell its size: its rows could be a million).
  const grouped = options.grouped ?? (info.grouped || foldDeferred);

  const used = [...new Set(flagRows.map((r) => r.k1))].sort();
  const flagIndex = new Map(used.map((f, i) => [f, i]));
  const flagItems = new Map<string, number>();
  for (const r of flagRows) flagItems.set(r.k1, (flagItems.get(r.k1) ?? 0) + at(r.v, FLAG.rows));
  const width = FLAGS_AT + 2 * used.length;
  const vectors = new Map<string, Float64Array>();
  const vector = (unit: string) => {
    let v = vectors.get(unit);
    if (!v) vectors.set(unit, (v = new Float64Array(width)));
    return v;
  };
  const addFlag = (unit: string, flag: string, both: number, mixed: number) => {
    const i = FLAGS_AT + 2 * flagIndex.get(flag)!;
    vector(unit)[i]! += both;
    vector(unit)[i + 1]! += mixed;
  };
  if (grouped) {
    const key = (unit: number) => String(unit).padStart(4, '0');
    for (const r of units) vector(key(r.unit)).set(Array.from({ length: FLAGS_AT }, (_, k) => at(r.v, UNIT.sums + k)));
    for (const r of flagRows) addFlag(key(r.unit), r.k1, at(r.v, FLAG.both), at(r.v, FLAG.mixed));
  } else {
    // Few enough items to resample one by one: their own rows (cheap at this size).
    const pool = options.pool ?? getPgPool();
    const likert = Array.from({ length: 28 }, (_, c) => `coalesce(s.likert[${c + 1}], 0)::float8`).join(', ');
    const [scalars, flags] = await Promise.all([
      pool.query<{ itemId: string; sums: number[] }>(
        `SELECT s."itemId", ARRAY[agree::float8, compared::float8, "agreeTies"::float8, "comparedTies"::float8, coalesce("kendallW", 0)::float8,
                (("kendallW" IS NOT NULL)::int)::float8, ${likert}, "flagValues"::float8] AS sums
         FROM item_stats s WHERE s."projectId" = $1 AND NOT s.invalid AND s.judgments >= 2`,
        [projectId],
      ),
      pool.query<{ itemId: string; flag: string; both: number; mixed: number }>(
        `SELECT "itemId", flag, "both", mixed FROM item_flag_stats WHERE "projectId" = $1`,
        [projectId],
      ),
    ]);
    for (const r of byKey(scalars.rows, (x) => x.itemId)) vector(r.itemId).set(r.sums, 0);
    for (const r of flags.rows) if (flagIndex.has(r.flag)) addFlag(r.itemId, r.flag, r.both, r.mixed);
  }
  const histogram = new Map(rows.filter((r) => r.kind === 'wbin' && at(r.v, 0) > 0).map((r) => [Number(r.k1), at(r.v, 0)]));
  const weeks = byKey(
    rows.filter((r) => r.kind === 'week' && at(r.v, WEEK.compared) > 0),
    (r) => r.k1,
  ).map((r) => ({ week: r.k1, agree: at(r.v, WEEK.agree), compared: at(r.v, WEEK.compared) }));
  return {
    items,
    info: { ...info, grouped, units: grouped ? 1024 : items },
    used,
    flagItems,
    vectors: [...byKey([...vectors.entries()], ([k]) => k).values()].map(([, v]) => v),
    histogram,
    weeks,
    foldDeferred,
  };
}
