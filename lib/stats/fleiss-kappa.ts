/**
 * Fleiss' kappa from a subjects × categories table of counts (how many raters put each subject
 * in each category). Every subject must have the same number of raters (at least two). NaN when
 * chance agreement is perfect (all ratings in one category).
 */
export function fleissKappa(counts: number[][]): number {
  if (counts.length === 0) return Number.NaN;
  const raters = counts[0]!.reduce((s, x) => s + x, 0);
  if (raters < 2) throw new RangeError('Fleiss kappa needs at least two raters per subject');
  const categories = counts[0]!.length;
  const totals = new Array<number>(categories).fill(0);
  let meanAgreement = 0;
  counts.forEach((row, i) => {
    if (row.length !== categories) throw new RangeError(`Subject ${i + 1} has ${row.length} categories, expected ${categories}`);
    const n = row.reduce((s, x) => s + x, 0);
    if (n !== raters) throw new RangeError(`Subject ${i + 1} has ${n} ratings, expected ${raters} like the first`);
    row.forEach((x, j) => (totals[j]! += x));
    meanAgreement += (row.reduce((s, x) => s + x * x, 0) - raters) / (raters * (raters - 1));
  });
  meanAgreement /= counts.length;
  const all = counts.length * raters;
  const chance = totals.reduce((s, t) => s + (t / all) ** 2, 0);
  if (chance === 1) return Number.NaN;
  return (meanAgreement - chance) / (1 - chance);
}
