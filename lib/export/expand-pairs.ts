import { splitFor } from '@/lib/export/split';
import type { ExportItem, ExportJudgment, ExportResponse, PairOptions, PreferencePair } from '@/lib/export/types';
import { pairwiseAgreement } from '@/lib/stats/pairwise-agreement';

/** The rankings an item's rows come from: the lead's adjudicated ranking alone, or every judgment that ranked. */
export function effectiveRankings(item: ExportItem): { labeler: string; judgment: ExportJudgment | null; ranking: string[][] }[] {
  if (item.adjudicatedRanking) return [{ labeler: 'adjudication', judgment: null, ranking: item.adjudicatedRanking }];
  return item.judgments.filter((j) => !j.allUnacceptable && j.ranking.length > 0).map((j) => ({ labeler: j.labeler, judgment: j, ranking: j.ranking }));
}

/** Strict pairs ordered alike and strict pairs compared, summed over every two of the item's rankings (ties excluded). */
export function itemAgreementCounts(item: ExportItem): { agree: number; compared: number } {
  const rankings = effectiveRankings(item).map((r) => r.ranking);
  let agree = 0;
  let compared = 0;
  for (let i = 0; i < rankings.length; i++) {
    for (let j = i + 1; j < rankings.length; j++) {
      const a = pairwiseAgreement(rankings[i]!, rankings[j]!);
      agree += a.agree;
      compared += a.compared;
    }
  }
  return { agree, compared };
}

/** Pairwise agreement of the item's rankings (all labeler pairs, ties excluded); NaN with fewer than two. */
export function itemAgreement(item: ExportItem): number {
  const { agree, compared } = itemAgreementCounts(item);
  return compared === 0 ? Number.NaN : agree / compared;
}

function positions(ranking: string[][]): Map<string, number> {
  const at = new Map<string, number>();
  ranking.forEach((group, g) => group.forEach((id) => at.set(id, g)));
  return at;
}

/**
 * The preference pairs of one item under the options (docs/export.md has worked examples).
 * Per-labeler: each ranking's pairs in ranking order (a full ranking of K gives K·(K−1)/2 strict
 * pairs; tied pairs only with ties "keep"). Consensus: one row per response pair, in the item's
 * response order, with the votes of every ranking; the side with more votes is chosen; equal
 * votes make a tie. Adjudicated items use the lead's ranking alone.
 */
export function expandPairs(item: ExportItem, options: PairOptions): PreferencePair[] {
  if (options.excludeGold && item.isGold) return [];
  const rankings = effectiveRankings(item);
  if (options.minAgreement !== null && !item.adjudicatedRanking) {
    const agreement = itemAgreement(item);
    if (!(agreement >= options.minAgreement)) return [];
  }
  const flagged = new Set<string>();
  if (options.excludeFlags.length > 0) {
    for (const j of item.judgments) {
      for (const [responseId, flags] of Object.entries(j.flags)) if (flags.some((f) => options.excludeFlags.includes(f))) flagged.add(responseId);
    }
  }
  const responses = item.responses.filter((r) => !flagged.has(r.id));
  const byId = new Map(responses.map((r) => [r.id, r]));
  const order = new Map(item.responses.map((r, i) => [r.id, i]));
  const split = splitFor(item.messages, options.validationShare);
  const likertOf = (judgment: ExportJudgment | null, id: string) => judgment?.likert[id] ?? null;
  const out: PreferencePair[] = [];

  if (options.mode === 'per-labeler') {
    for (const { labeler, judgment, ranking } of rankings) {
      const kept = ranking.map((group) => group.filter((id) => byId.has(id))).filter((group) => group.length > 0);
      kept.forEach((group, g) => {
        if (options.ties === 'keep') {
          const sorted = [...group].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
          for (let i = 0; i < sorted.length; i++) {
            for (let k = i + 1; k < sorted.length; k++) out.push(pairRow(item, byId, sorted[i]!, sorted[k]!, true, { chosen: 0, rejected: 0, tie: 1 }, margin(judgment, sorted[i]!, sorted[k]!, true), labeler, split));
          }
        }
        for (const worse of kept.slice(g + 1).flat()) {
          for (const better of group) out.push(pairRow(item, byId, better, worse, false, { chosen: 1, rejected: 0, tie: 0 }, margin(judgment, better, worse, false), labeler, split));
        }
      });
    }
    return out;
  }

  // Consensus: votes per unordered pair, in the item's response order.
  const placed = rankings.map((r) => ({ ...r, at: positions(r.ranking) }));
  for (let i = 0; i < responses.length; i++) {
    for (let k = i + 1; k < responses.length; k++) {
      const a = responses[i]!.id;
      const b = responses[k]!.id;
      let forA = 0;
      let forB = 0;
      let ties = 0;
      const likertDiffs: number[] = [];
      for (const r of placed) {
        const pa = r.at.get(a);
        const pb = r.at.get(b);
        if (pa === undefined || pb === undefined) continue;
        if (pa < pb) forA += 1;
        else if (pb < pa) forB += 1;
        else ties += 1;
        const la = likertOf(r.judgment, a);
        const lb = likertOf(r.judgment, b);
        if (la !== null && lb !== null) likertDiffs.push(la - lb);
      }
      const total = forA + forB + ties;
      if (total === 0 || total < options.minVotes) continue;
      const tie = forA === forB;
      if (tie && options.ties === 'drop') continue;
      const [chosen, rejected, votes] = forB > forA ? [b, a, { chosen: forB, rejected: forA, tie: ties }] : [a, b, { chosen: forA, rejected: forB, tie: ties }];
      const meanDiff = likertDiffs.length === 0 ? null : likertDiffs.reduce((s, d) => s + d, 0) / likertDiffs.length;
      const value =
        options.margin === 'votes' ? (votes.chosen - votes.rejected) / total : meanDiff === null ? null : chosen === a ? meanDiff : -meanDiff;
      out.push(pairRow(item, byId, chosen, rejected, tie, votes, value, null, split));
    }
  }
  return out;

  function margin(judgment: ExportJudgment | null, better: string, worse: string, tie: boolean): number | null {
    if (options.margin !== 'likert') return tie ? 0 : 1;
    const la = likertOf(judgment, better);
    const lb = likertOf(judgment, worse);
    return la === null || lb === null ? null : la - lb;
  }
}

function pairRow(
  item: ExportItem,
  byId: Map<string, ExportResponse>,
  chosen: string,
  rejected: string,
  tie: boolean,
  votes: PreferencePair['votes'],
  margin: number | null,
  labeler: string | null,
  split: PreferencePair['split'],
): PreferencePair {
  return { item, chosen: byId.get(chosen)!, rejected: byId.get(rejected)!, tie, votes, margin, labeler, split };
}
