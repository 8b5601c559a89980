import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { resamplingUnits } from '@/lib/dashboard/resampling-units';
import type { AgreementSummary, Interval } from '@/lib/dashboard/types';
import { getPgPool } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';
import { alphaFromCoincidences, bootstrapSums } from '@/lib/stats';
import { likertCell } from '@/lib/judgments/compute-item-stats';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';

const RESAMPLES = 1000;
const REFERENCE: AgreementSummary['reference'] = [
  { label: 'InstructGPT labelers, training (Ouyang et al. 2022)', value: 0.726, plusMinus: 0.015 },
  { label: 'InstructGPT labelers, held-out (Ouyang et al. 2022)', value: 0.773, plusMinus: 0.013 },
  { label: 'Summarize from feedback, labeler–labeler (Stiennon et al. 2020)', value: 0.72, plusMinus: null },
];

// Items that enter project figures: valid, with two or more counted judgments (a single
// judgment has nothing to agree with, nor any Likert or flag unit with two values).
const COUNTED = `FROM item_stats s WHERE s."projectId" = $1 AND NOT s.invalid AND s.judgments >= 2`;

// Layout of one resampling unit's vector: pair counts, Kendall W sums, the 28 Likert cells,
// flag values, then (both, mixed) per flag anybody set.
const LIKERT_AT = 6;
const FLAG_VALUES_AT = LIKERT_AT + 28;
const FLAGS_AT = FLAG_VALUES_AT + 1;
const ratio = (hits: number, compared: number) => (compared > 0 ? hits / compared : Number.NaN);

function likertAlpha(v: ArrayLike<number>): number {
  const o = Array.from({ length: 7 }, () => new Array<number>(7).fill(0));
  for (let a = 1; a <= 7; a++) {
    for (let b = a; b <= 7; b++) {
      const w = v[LIKERT_AT + likertCell(a, b)]!;
      o[a - 1]![b - 1]! += w;
      if (a !== b) o[b - 1]![a - 1]! += w;
    }
  }
  return alphaFromCoincidences(o, [1, 2, 3, 4, 5, 6, 7], 'ordinal');
}

/** Nominal alpha of a present/absent flag from its summed coincidences. */
function flagAlpha(values: number, both: number, mixed: number): number {
  const present = both + mixed;
  const absent = values - present;
  if (present <= 0 || absent <= 0) return Number.NaN;
  return 1 - ((values - 1) * mixed) / (absent * present);
}

async function flagLabels(projectId: string): Promise<{ key: string; label: string }[]> {
  const { rows } = await getPgPool().query<{ settings: unknown }>(`SELECT settings FROM projects WHERE id = $1`, [projectId]);
  const taxonomy = await getTaxonomy({ projectId, version: readProjectSettings(rows[0]?.settings ?? {}).taxonomyVersion });
  return taxonomy.responseFlags.map((f) => ({ key: f.key, label: f.label }));
}

/**
 * The project's agreement (PRODUCT §5) from the precomputed per-item rows: pairwise agreement
 * (both tie rules), Likert alpha (ordinal), alpha per flag and mean Kendall W, each with a 95%
 * percentile bootstrap over items (1,000 resamples, fixed seed); the W histogram; agreement by
 * ISO week of the later judgment of each pair.
 */
export async function getAgreementSummary(options: { projectId: string }): Promise<AgreementSummary> {
  const { projectId } = options;
  await refreshProjectStats({ projectId });
  const pool = getPgPool();
  const {
    rows: [count],
  } = await pool.query<{ items: number }>(`SELECT count(*)::int AS items ${COUNTED}`, [projectId]);
  const units = resamplingUnits(count?.items ?? 0, RESAMPLES, 's."itemId"');
  const likertSums = Array.from({ length: 28 }, (_, c) => `coalesce(sum(s.likert[${c + 1}]), 0)::float8`).join(', ');
  const [scalars, flags, histogram, weeks, labels] = await Promise.all([
    pool.query<{ unit: string; sums: number[] }>(
      `SELECT ${units.sql} AS unit,
              ARRAY[sum(agree)::float8, sum(compared)::float8, sum("agreeTies")::float8, sum("comparedTies")::float8,
                    coalesce(sum("kendallW"), 0)::float8, count("kendallW")::float8, ${likertSums}, sum("flagValues")::float8] AS sums
       ${COUNTED} GROUP BY 1`,
      [projectId],
    ),
    pool.query<{ unit: string; flag: string; both: number; mixed: number; items: number }>(
      // Rows exist only for valid items with two or more counted ratings of a response.
      `SELECT ${resamplingUnits(count?.items ?? 0, RESAMPLES, 'f."itemId"').sql} AS unit, f.flag, sum(f."both")::float8 AS "both", sum(f.mixed)::float8 AS mixed, count(*)::int AS items
       FROM item_flag_stats f WHERE f."projectId" = $1 GROUP BY 1, 2`,
      [projectId],
    ),
    pool.query<{ bin: number; items: number }>(
      `SELECT least(floor(greatest(s."kendallW", 0) * 10), 9)::int AS bin, count(*)::int AS items ${COUNTED} AND s."kendallW" IS NOT NULL GROUP BY 1`,
      [projectId],
    ),
    pool.query<{ week: string; agree: number; compared: number }>(
      `SELECT to_char(date_trunc('week', "createdAt"), 'IYYY-"W"IW') AS week, sum("earlierAgree")::float8 AS agree, sum("earlierCompared")::float8 AS compared
       FROM judgment_stats WHERE "projectId" = $1 AND counted AND "earlierCompared" > 0 GROUP BY date_trunc('week', "createdAt") ORDER BY date_trunc('week', "createdAt")`,
      [projectId],
    ),
    flagLabels(projectId),
  ]);

  // Flags nobody set have no variation (alpha NaN) and stay out of the resampled vectors.
  const used = [...new Set(flags.rows.map((r) => r.flag))].sort();
  const flagList = [...labels, ...used.filter((f) => !labels.some((l) => l.key === f)).map((key) => ({ key, label: key }))];
  const flagIndex = new Map(used.map((f, i) => [f, i]));
  const width = FLAGS_AT + 2 * used.length;
  const vectors = new Map<string, Float64Array>();
  const vector = (unit: string) => {
    let v = vectors.get(unit);
    if (!v) vectors.set(unit, (v = new Float64Array(width)));
    return v;
  };
  for (const r of scalars.rows) vector(r.unit).set(r.sums, 0);
  const flagItems = new Map<string, number>();
  for (const r of flags.rows) {
    const at = FLAGS_AT + 2 * flagIndex.get(r.flag)!;
    vector(r.unit)[at]! += r.both;
    vector(r.unit)[at + 1]! += r.mixed;
    flagItems.set(r.flag, (flagItems.get(r.flag) ?? 0) + r.items);
  }

  const statistics = (s: Float64Array) => [
    ratio(s[0]!, s[1]!),
    ratio(s[2]!, s[3]!),
    likertAlpha(s),
    ratio(s[4]!, s[5]!),
    ...used.map((_, f) => flagAlpha(s[FLAG_VALUES_AT]!, s[FLAGS_AT + 2 * f]!, s[FLAGS_AT + 2 * f + 1]!)),
  ];
  const intervals: Interval[] = bootstrapSums([...vectors.values()], statistics, { seed: units.info.seed, resamples: RESAMPLES });
  const bins = new Map(histogram.rows.map((r) => [r.bin, r.items]));
  return {
    items: count?.items ?? 0,
    pairwise: intervals[0]!,
    pairwiseTiesAsDisagreement: intervals[1]!,
    likertAlpha: intervals[2]!,
    kendallW: {
      mean: intervals[3]!,
      items: histogram.rows.reduce((n, r) => n + r.items, 0),
      histogram: Array.from({ length: 10 }, (_, b) => ({ from: b / 10, to: (b + 1) / 10, items: bins.get(b) ?? 0 })),
    },
    flagAlpha: flagList.map((f) => ({
      flag: f.key,
      label: f.label,
      alpha: flagIndex.has(f.key) ? intervals[4 + flagIndex.get(f.key)!]! : { estimate: Number.NaN, low: Number.NaN, high: Number.NaN },
      items: flagItems.get(f.key) ?? 0,
    })),
    overTime: weeks.rows.map((w) => ({ week: w.week, rate: w.agree / w.compared, compared: w.compared })),
    reference: REFERENCE,
    bootstrap: units.info,
  };
}
