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
