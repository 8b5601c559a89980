/** How two rankings of one item agree on their ordered pairs. */
export type PairAgreement = { agree: number; compared: number; rate: number };

function positions(ranking: string[][]): Map<string, number> {
  const at = new Map<string, number>();
  ranking.forEach((group, g) => group.forEach((id) => at.set(id, g)));
  return at;
}

/**
 * Pairwise ranking agreement of two labelers on one item (PRODUCT §5). Each ranking (tie groups,
 * best first) is expanded into its pairs of responses. Default: among pairs both labelers ordered
 * strictly, the share ordered the same way (ties excluded). With `tiesAsDisagreement`, pairs that
 * at least one labeler ordered strictly are compared, and a tie on one side counts as
 * disagreement; pairs both tied are left out. Responses missing from either ranking are ignored.
 * rate is NaN when nothing is comparable.
 */
export function pairwiseAgreement(a: string[][], b: string[][], options: { tiesAsDisagreement?: boolean } = {}): PairAgreement {
  const pa = positions(a);
  const pb = positions(b);
  const ids = [...pa.keys()].filter((id) => pb.has(id)).sort();
  let agree = 0;
  let compared = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const x = ids[i]!;
      const y = ids[j]!;
      const sa = Math.sign(pa.get(x)! - pa.get(y)!);
      const sb = Math.sign(pb.get(x)! - pb.get(y)!);
      if (sa === 0 && sb === 0) continue;
      if ((sa === 0 || sb === 0) && !options.tiesAsDisagreement) continue;
      compared += 1;
      if (sa === sb) agree += 1;
    }
  }
  return { agree, compared, rate: compared === 0 ? Number.NaN : agree / compared };
}
