import { effectiveRankings } from '@/lib/export/expand-pairs';
import type { ExportItem } from '@/lib/export/types';

export type PairVotes = { forA: number; forB: number; ties: number };

/** Votes of every ranking of the item on responses a and b: a above b, b above a, tied (rankings holding only one of them do not vote). */
export function pairVotes(positions: Map<string, number>[], a: string, b: string): PairVotes {
  const votes: PairVotes = { forA: 0, forB: 0, ties: 0 };
  for (const at of positions) {
    const pa = at.get(a);
    const pb = at.get(b);
    if (pa === undefined || pb === undefined) continue;
    if (pa < pb) votes.forA += 1;
    else if (pb < pa) votes.forB += 1;
    else votes.ties += 1;
  }
  return votes;
}

/** Each ranking as response id → tie-group index. */
export function rankingPositions(rankings: string[][][]): Map<string, number>[] {
  return rankings.map((ranking) => {
    const at = new Map<string, number>();
    ranking.forEach((group, g) => group.forEach((id) => at.set(id, g)));
    return at;
  });
}

/**
 * The one consensus rule of every export (docs/export.md, "Consensus"): the pairwise majority,
 * grouped by its cycles. Response a "holds" against b when at least as many rankings put a above b
 * as b above a (an equal count, or no ranking holding both, holds both ways). Responses that reach
 * each other through "holds" form one tie group (the strongly connected components; the top group
 * is the Smith set), and groups are ordered best first. Between two groups every pair has a strict
 * majority for the higher group, so consensus pairs and the `rankings` consensus order never
 * disagree; inside a group (equal votes, or a majority cycle a > b > c > a) a pair is a tie.
 * An adjudicated item's order is the lead's ranking. Responses nobody ranked come last, tied.
 */
export function consensusOrder(item: ExportItem): string[][] {
  if (item.adjudicatedRanking) return item.adjudicatedRanking;
  const positions = rankingPositions(effectiveRankings(item).map((r) => r.ranking));
  if (positions.length === 0) return [];
  const ranked = item.responses.map((r) => r.id).filter((id) => positions.some((at) => at.has(id)));
  const n = ranked.length;
  // reach[i][j]: i holds against j, directly or through others (Floyd–Warshall closure; n is small).
  const reach = ranked.map((a, i) =>
    ranked.map((b, j) => {
      if (i === j) return true;
      const v = pairVotes(positions, a, b);
      return v.forA >= v.forB;
    }),
  );
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) if (reach[i]![k]) for (let j = 0; j < n; j++) if (reach[k]![j]) reach[i]![j] = true;
  const groups: { ids: string[]; reaches: number }[] = [];
  const placed = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (placed.has(i)) continue;
    const members = ranked.map((_, j) => j).filter((j) => reach[i]![j] && reach[j]![i]);
    members.forEach((j) => placed.add(j));
    groups.push({ ids: members.map((j) => ranked[j]!), reaches: reach[i]!.filter(Boolean).length });
  }
  // "holds" is complete, so its components form a chain: a higher group reaches strictly more responses.
  groups.sort((a, b) => b.reaches - a.reaches);
  const order = groups.map((g) => g.ids);
  const unranked = item.responses.filter((r) => !ranked.includes(r.id)).map((r) => r.id);
  if (unranked.length > 0) order.push(unranked);
  return order;
}
