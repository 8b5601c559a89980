/**
 * Kendall's coefficient of concordance W with the correction for ties: one array per rater, one
 * rank per item (tied items share their mean rank, e.g. 1.5, 1.5, 3). W = 12·S / (m²(n³ − n) −
 * m·ΣT), T = Σ(t³ − t) over each rater's tie groups. 1 = every rater orders the items alike.
 * NaN with fewer than two items or when every rater ties everything.
 */
export function kendallW(ranksByRater: number[][]): number {
  const m = ranksByRater.length;
  if (m === 0) return Number.NaN;
  const n = ranksByRater[0]!.length;
  if (n < 2) return Number.NaN;
  const sums = new Array<number>(n).fill(0);
  let tieCorrection = 0;
  ranksByRater.forEach((ranks, r) => {
    if (ranks.length !== n) throw new RangeError(`Rater ${r + 1} ranked ${ranks.length} items, expected ${n}`);
    ranks.forEach((rank, i) => (sums[i]! += rank));
    const groups = new Map<number, number>();
    for (const rank of ranks) groups.set(rank, (groups.get(rank) ?? 0) + 1);
    for (const t of groups.values()) tieCorrection += t ** 3 - t;
  });
  const mean = sums.reduce((s, x) => s + x, 0) / n;
  const S = sums.reduce((s, x) => s + (x - mean) ** 2, 0);
  const denominator = m * m * (n ** 3 - n) - m * tieCorrection;
  return denominator === 0 ? Number.NaN : (12 * S) / denominator;
}

/** Mean ranks (1 = best) of items from tie groups, best first: [["a"], ["b", "c"]] → {a: 1, b: 2.5, c: 2.5}. */
export function ranksFromGroups(groups: string[][]): Record<string, number> {
  const out: Record<string, number> = {};
  let next = 1;
  for (const group of groups) {
    const rank = next + (group.length - 1) / 2;
    for (const id of group) out[id] = rank;
    next += group.length;
  }
  return out;
}
