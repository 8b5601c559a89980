import { seededRandom } from '@/lib/stats/random';

export type Interval = { estimate: number; low: number; high: number };

/**
 * A percentile bootstrap interval of `statistic` over `units` (resampled with replacement, e.g.
 * items), reproducible: the same seed gives the same interval. Resamples whose statistic is not
 * finite are dropped. NaN bounds when no resample gave a finite value.
 */
export function bootstrapInterval<T>(
  units: T[],
  statistic: (sample: T[]) => number,
  options: { seed: number; resamples?: number; level?: number },
): Interval {
  const { seed, resamples = 1000, level = 0.95 } = options;
  const estimate = statistic(units);
  if (units.length === 0) return { estimate, low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const values: number[] = [];
  const sample = new Array<T>(units.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < units.length; i++) sample[i] = units[Math.floor(random() * units.length)]!;
    const v = statistic(sample);
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return { estimate, low: Number.NaN, high: Number.NaN };
  values.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return { estimate, low: quantile(values, alpha), high: quantile(values, 1 - alpha) };
}

/** The q-quantile of sorted values, interpolating linearly between order statistics (type 7). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Percentile bootstrap intervals of statistics of weighted units: each resample draws n units with
 * replacement and hands `statistics` how often each unit was drawn (a unit drawn twice counts
 * twice), which returns one value per statistic; the estimate is `statistics` of all ones. For
 * statistics that weight rows (a regression refitted per resample) rather than sum them.
 * Reproducible by seed, drawing units exactly as bootstrapInterval and bootstrapSums do.
 */
export function bootstrapCounts(
  n: number,
  statistics: (counts: Uint32Array) => number[],
  options: { seed: number; resamples?: number; level?: number },
): Interval[] {
  const { seed, resamples = 1000, level = 0.95 } = options;
  const counts = new Uint32Array(n);
  counts.fill(1);
  const estimates = statistics(counts);
  if (n === 0) return estimates.map((estimate) => ({ estimate, low: Number.NaN, high: Number.NaN }));
  const random = seededRandom(seed);
  const values = estimates.map(() => [] as number[]);
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(random() * n)]! += 1;
    statistics(counts).forEach((v, s) => {
      if (Number.isFinite(v)) values[s]?.push(v);
    });
  }
  const alpha = (1 - level) / 2;
  return estimates.map((estimate, s) => {
    const sorted = values[s]!.sort((a, b) => a - b);
    if (sorted.length === 0) return { estimate, low: Number.NaN, high: Number.NaN };
    return { estimate, low: quantile(sorted, alpha), high: quantile(sorted, 1 - alpha) };
  });
}

/**
 * Percentile bootstrap intervals of statistics that are functions of summed unit vectors (ratios
 * of sums, alpha of a summed coincidence matrix, a model fit on summed games): each resample
 * draws units with replacement, sums their vectors once and evaluates `statistics` on that sum,
 * which returns one value per statistic, so all intervals come from the same resamples and work
 * shared by the statistics (a fit) is done once per resample. Reproducible by seed, and drawing
 * units exactly as bootstrapInterval does.
 */
export function bootstrapSums(
  units: ArrayLike<number>[],
  statistics: (sums: Float64Array) => number[],
  options: { seed: number; resamples?: number; level?: number },
): Interval[] {
  const { seed, resamples = 1000, level = 0.95 } = options;
  const n = units.length;
  const width = units[0]?.length ?? 0;
  // One flat array and draw counts per unit: the inner loop stays monomorphic, and units not
  // drawn in a resample (about a third) cost nothing.
  const data = new Float64Array(n * width);
  units.forEach((unit, i) =>
    data.set(
      Array.from({ length: width }, (_, k) => unit[k]!),
      i * width,
    ),
  );
  const sums = new Float64Array(width);
  for (let i = 0; i < n * width; i++) sums[i % width]! += data[i]!;
  const estimates = statistics(sums);
  if (n === 0) return estimates.map((estimate) => ({ estimate, low: Number.NaN, high: Number.NaN }));
  const random = seededRandom(seed);
  const counts = new Uint32Array(n);
  const values = estimates.map(() => [] as number[]);
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(random() * n)]! += 1;
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      const c = counts[i]!;
      if (c === 0) continue;
      const base = i * width;
      for (let k = 0; k < width; k++) sums[k]! += c * data[base + k]!;
    }
    statistics(sums).forEach((v, s) => {
      if (Number.isFinite(v)) values[s]?.push(v);
    });
  }
  const alpha = (1 - level) / 2;
  return estimates.map((estimate, s) => {
    const sorted = values[s]!.sort((a, b) => a - b);
    if (sorted.length === 0) return { estimate, low: Number.NaN, high: Number.NaN };
    return { estimate, low: quantile(sorted, alpha), high: quantile(sorted, 1 - alpha) };
  });
}
