import type { TRankingWarning } from '@/lib/judgments/schemas';

export type RankingWarning = TRankingWarning;

/**
 * Warnings (never blocks, PRODUCT §3.1) for a ranking: a response without a Likert score; a
 * response ranked strictly above another with a lower Likert score; and a ranking identical to
 * the order the responses were shown in (one per group). None applies to "all unacceptable".
 */
export function rankingWarnings(options: {
  ranking: string[][];
  allUnacceptable: boolean;
  likert: Record<string, number | null | undefined>;
  shownOrder: string[];
}): RankingWarning[] {
  const { ranking, allUnacceptable, likert, shownOrder } = options;
  if (allUnacceptable || ranking.length === 0) return [];
  const warnings: RankingWarning[] = [];
  if (shownOrder.some((id) => likert[id] == null)) warnings.push('missing_likert');
  if (likertContradictions(ranking, likert).length > 0) warnings.push('likert_contradiction');
  if (ranking.length === shownOrder.length && ranking.every((group, i) => group.length === 1 && group[0] === shownOrder[i]))
    warnings.push('shown_order');
  return warnings;
}

/** Pairs [better, worse] where `better` is ranked strictly above `worse` but has the lower Likert score. */
export function likertContradictions(ranking: string[][], likert: Record<string, number | null | undefined>): [string, string][] {
  const out: [string, string][] = [];
  ranking.forEach((group, g) => {
    for (const better of group) {
      const a = likert[better];
      if (a == null) continue;
      for (const lowerGroup of ranking.slice(g + 1)) {
        for (const worse of lowerGroup) {
          const b = likert[worse];
          if (b != null && a < b) out.push([better, worse]);
        }
      }
    }
  });
  return out;
}
