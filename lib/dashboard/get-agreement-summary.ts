import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { ROLLUP_INLINE_LIMIT } from '@/lib/dashboard/fold-rollups';
import { cachedIntervals, hashInputs } from '@/lib/dashboard/interval-cache';
import {
  AGREEMENT_RESAMPLES,
  FLAG_VALUES_AT,
  FLAGS_AT,
  LIKERT_AT,
  loadAgreementInputs,
  type AgreementInputs,
} from '@/lib/dashboard/load-agreement-inputs';
import type { AgreementSummary, Interval } from '@/lib/dashboard/types';
import type pg from 'pg';
import { getReadPool } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';
import { alphaFromCoincidences, bootstrapSums } from '@/lib/stats';
import { likertCell } from '@/lib/judgments/compute-item-stats';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';

const REFERENCE: AgreementSummary['reference'] = [
  { label: 'InstructGPT labelers, training (Ouyang et al. 2022)', value: 0.726, plusMinus: 0.015 },
  { label: 'InstructGPT labelers, held-out (Ouyang et al. 2022)', value: 0.773, plusMinus: 0.013 },
  { label: 'Summarize from feedback, labeler–labeler (Stiennon et al. 2020)', value: 0.72, plusMinus: null },
];

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

async function flagLabels(projectId: string, pool: pg.Pool): Promise<{ key: string; label: string }[]> {
  const { rows } = await pool.query<{ settings: unknown }>(`SELECT settings FROM projects WHERE id = $1`, [projectId]);
  const taxonomy = await getTaxonomy({ projectId, version: readProjectSettings(rows[0]?.settings ?? {}).taxonomyVersion });
  return taxonomy.responseFlags.map((f) => ({ key: f.key, label: f.label }));
}

/** The resampled statistics, by name: what the interval cache stores. */
function statistics(inputs: AgreementInputs) {
  const names = ['pairwise', 'pairwiseTiesAsDisagreement', 'likertAlpha', 'kendallW', ...inputs.used.map((f) => `flag:${f}`)];
  const of = (s: Float64Array) => [
    ratio(s[0]!, s[1]!),
    ratio(s[2]!, s[3]!),
    likertAlpha(s),
    ratio(s[4]!, s[5]!),
    ...inputs.used.map((_, f) => flagAlpha(s[FLAG_VALUES_AT]!, s[FLAGS_AT + 2 * f]!, s[FLAGS_AT + 2 * f + 1]!)),
  ];
  const named = (values: number[]) => Object.fromEntries(names.map((n, i) => [n, values[i]!]));
  return { names, of, named };
}

/** The sums of all units, added in bootstrapSums' order, so estimates equal its estimates bit for bit. */
export function totalOf(vectors: Float64Array[], width: number): Float64Array {
  const sums = new Float64Array(width);
  for (const v of vectors) for (let k = 0; k < width; k++) sums[k]! += v[k]!;
  return sums;
}

/** The agreement bootstrap (1,000 resamples, fixed seed): the costly part, run off the request path when it can be. */
export function agreementIntervals(inputs: AgreementInputs): Record<string, Interval> {
  const s = statistics(inputs);
  const intervals = bootstrapSums(inputs.vectors, s.of, { seed: inputs.info.seed, resamples: AGREEMENT_RESAMPLES });
  return Object.fromEntries(s.names.map((n, i) => [n, intervals[i]!]));
}

export const agreementHash = (inputs: AgreementInputs) => hashInputs({ info: inputs.info, used: inputs.used }, inputs.vectors);

/**
 * The project's agreement (PRODUCT §5) from the rollups of the per-item rows: pairwise agreement
 * (both tie rules), Likert alpha (ordinal), alpha per flag and mean Kendall W, each with a 95%
 * percentile bootstrap over items (1,000 resamples, fixed seed; cached, see `intervals`); the W
 * histogram; agreement by ISO week of the later judgment of each pair.
 */
export async function getAgreementSummary(options: { projectId: string; inlineFoldLimit?: number }): Promise<AgreementSummary> {
  const { projectId, inlineFoldLimit = ROLLUP_INLINE_LIMIT } = options;
  await refreshProjectStats({ projectId });
  const pool = await getReadPool();
  const [inputs, labels] = await Promise.all([
    loadAgreementInputs({ projectId, pool, foldLimit: inlineFoldLimit }),
    flagLabels(projectId, pool),
  ]);
  const s = statistics(inputs);
  const estimates = s.named(s.of(totalOf(inputs.vectors, FLAGS_AT + 2 * inputs.used.length)));
  const { intervals, freshness } = await cachedIntervals({
    projectId,
    widget: 'agreement',
    inputHash: agreementHash(inputs),
    estimates,
    compute: () => agreementIntervals(inputs),
  });
  // A backlog left to the background fold: the estimates are of the last fold too, and say so.
  return agreementSummaryOf(
    inputs,
    labels,
    intervals,
    inputs.foldDeferred ? { ...freshness, behind: true, estimatesBehind: true } : freshness,
  );
}

export function agreementSummaryOf(
  inputs: AgreementInputs,
  labels: { key: string; label: string }[],
  intervals: Record<string, Interval>,
  freshness: AgreementSummary['intervals'],
): AgreementSummary {
  const { used } = inputs;
  // Flags nobody set have no variation (alpha NaN) and stay out of the resampled vectors.
  const flagList = [...labels, ...used.filter((f) => !labels.some((l) => l.key === f)).map((key) => ({ key, label: key }))];
  const nan = { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  return {
    items: inputs.items,
    pairwise: intervals.pairwise!,
    pairwiseTiesAsDisagreement: intervals.pairwiseTiesAsDisagreement!,
    likertAlpha: intervals.likertAlpha!,
    kendallW: {
      mean: intervals.kendallW!,
      items: [...inputs.histogram.values()].reduce((n, x) => n + x, 0),
      histogram: Array.from({ length: 10 }, (_, b) => ({ from: b / 10, to: (b + 1) / 10, items: inputs.histogram.get(b) ?? 0 })),
    },
    flagAlpha: flagList.map((f) => ({
      flag: f.key,
      label: f.label,
      alpha: intervals[`flag:${f.key}`] ?? nan,
      items: inputs.flagItems.get(f.key) ?? 0,
    })),
    overTime: inputs.weeks.map((w) => ({ week: w.week, rate: w.agree / w.compared, compared: w.compared })),
    reference: REFERENCE,
    bootstrap: inputs.info,
    intervals: freshness,
  };
}
