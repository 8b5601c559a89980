export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/**
 * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's alpha-reliability") from a
 * reliability matrix: one array per coder, one entry per unit, null for a missing value. Units
 * with fewer than two values carry no information about agreement and are left out. Built on the
 * coincidence matrix, so any number of coders and missing data are handled. NaN when fewer than
 * two values are pairable or every pairable value is the same (no variation to agree on).
 */
export function krippendorffAlpha(coders: (number | null)[][], level: MeasurementLevel): number {
  const unitCount = Math.max(0, ...coders.map((c) => c.length));
  const values: number[] = [];
  const units: number[][] = [];
  for (let u = 0; u < unitCount; u++) {
    const unit = coders.map((c) => c[u]).filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
    if (unit.length >= 2) {
      units.push(unit);
      values.push(...unit);
    }
  }
  const categories = [...new Set(values)].sort((a, b) => a - b);
  if (categories.length < 2) return Number.NaN;
  const index = new Map(categories.map((v, i) => [v, i]));
  const k = categories.length;

  // Coincidences: every ordered pair of values from different coders in a unit, weighted 1/(m_u − 1).
  const o = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const unit of units) {
    const counts = new Array<number>(k).fill(0);
    for (const v of unit) counts[index.get(v) ?? 0]! += 1;
    const weight = 1 / (unit.length - 1);
    for (let c = 0; c < k; c++) {
      if (!counts[c]) continue;
      for (let d = 0; d < k; d++) {
        if (!counts[d]) continue;
        const pairs = c === d ? counts[c]! * (counts[c]! - 1) : counts[c]! * counts[d]!;
        o[c]![d]! += pairs * weight;
      }
    }
  }
  return alphaFromCoincidences(o, categories, level);
}

/**
 * Krippendorff's alpha from a coincidence matrix o (o[c][d] over the sorted category values;
 * symmetric, each pairable value counted once per row). Coincidence matrices add over units, so
 * the alpha of many units is the alpha of their summed matrices (what precomputed per-item
 * matrices rely on). Categories nobody used are ignored. NaN without variation.
 */
export function alphaFromCoincidences(o: number[][], categories: number[], level: MeasurementLevel): number {
  const used = categories.map((_, c) => c).filter((c) => (o[c] ?? []).some((x) => x > 0));
  if (used.length < 2) return Number.NaN;
  const values = used.map((c) => categories[c]!);
  const matrix = used.map((c) => used.map((d) => o[c]![d]!));
  const k = used.length;
  const marginals = matrix.map((row) => row.reduce((s, x) => s + x, 0));
  const n = marginals.reduce((s, x) => s + x, 0);

  const delta = distance(level, values, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      if (c === d) continue;
      const dd = delta(c, d);
      observed += matrix[c]![d]! * dd;
      expected += marginals[c]! * marginals[d]! * dd;
    }
  }
  if (expected === 0) return Number.NaN;
  return 1 - ((n - 1) * observed) / expected;
}

/** The squared difference function δ² between categories c and d (indexes into the sorted values). */
function distance(level: MeasurementLevel, values: number[], marginals: number[]): (c: number, d: number) => number {
  switch (level) {
    case 'nominal':
      return (c, d) => (c === d ? 0 : 1);
    case 'interval':
      return (c, d) => (values[c]! - values[d]!) ** 2;
    case 'ratio':
      return (c, d) => {
        const a = values[c]!;
        const b = values[d]!;
        return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      };
    case 'ordinal': {
      // (Σ_{g=c..d} n_g − (n_c + n_d)/2)²: the mass of values between two ranks, not their numeric gap.
      const cumulative = [0];
      for (const m of marginals) cumulative.push(cumulative[cumulative.length - 1]! + m);
      return (c, d) => {
        const lo = Math.min(c, d);
        const hi = Math.max(c, d);
        const between = cumulative[hi + 1]! - cumulative[lo]!;
        return (between - (marginals[c]! + marginals[d]!) / 2) ** 2;
      };
    }
  }
}
