import { consensusOrder, pairVotes, rankingPositions } from '@/lib/export/consensus-order';
import { splitOf } from '@/lib/export/split';
import type { ExportItem, ExportJudgment, PairOptions, PreferencePair } from '@/lib/export/types';
import { pairwiseAgreement } from '@/lib/stats/pairwise-agreement';

/** The rankings an item's rows come from: the lead's adjudicated ranking alone, or every judgment that ranked. */
export function effectiveRankings(item: ExportItem): { labeler: string; judgment: ExportJudgment | null; ranking: string[][] }[] {
  if (item.adjudicatedRanking) return [{ labeler: 'adjudication', judgment: null, ranking: item.adjudicatedRanking }];
  return item.judgments
    .filter((j) => !j.allUnacceptable && j.ranking.length > 0)
    .map((j) => ({ labeler: j.labeler, judgment: j, ranking: j.ranking }));
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

/** Rows an export left out, by reason (the manifest's "skipped"). */
export type SkipCounts = { no_margin: number; multi_turn: number };

/**
 * The preference pairs of one item under the options (docs/export.md has worked examples).
 * Per-labeler: each ranking's pairs in ranking order (a full ranking of K gives K·(K−1)/2 strict
 * pairs; tied pairs only with ties "keep"). Consensus: one row per response pair with votes, in
 * the item's response order, chosen by the consensus order (consensusOrder: pairs in one group are
 * ties). Adjudicated items use the lead's ranking alone. A pair whose margin cannot be computed is
 * left out and counted in `skipped.no_margin` unless the options say margin 0.0.
 */
export function expandPairs(item: ExportItem, options: PairOptions, skipped?: SkipCounts): PreferencePair[] {
  if (options.excludeGold && item.isGold) return [];
  const rankings = effectiveRankings(item);
  if (options.minAgreement !== null && !item.adjudicatedRanking) {
    const agreement = itemAgreement(item);
    if (!(agreement >= options.minAgreement)) return [];
  }
  const flagged = new Set<string>();
  if (options.excludeFlags.length > 0) {
    for (const j of item.judgments) {
      for (const [responseId, flags] of Object.entries(j.flags))
        if (flags.some((f) => options.excludeFlags.includes(f))) flagged.add(responseId);
    }
  }
  const responses = item.responses.filter((r) => !flagged.has(r.id));
  const byId = new Map(responses.map((r) => [r.id, r]));
  const order = new Map(item.responses.map((r, i) => [r.id, i]));
  const { split } = splitOf(item, options);
  const likertOf = (judgment: ExportJudgment | null, id: string) => judgment?.likert[id] ?? null;
  /** The margin column's value; undefined when it cannot be computed. */
  const finish = (value: number | null): number | null | undefined => {
    if (options.margin === 'none') return null;
    if (value === null) return options.marginMissing === 'zero' ? 0 : undefined;
    return options.marginSigned ? value : Math.max(0, value);
  };
  const out: PreferencePair[] = [];
  const push = (
    chosen: string,
    rejected: string,
    tie: boolean,
    votes: PreferencePair['votes'],
    value: number | null,
    labeler: string | null,
  ) => {
    const margin = finish(value);
    if (margin === undefined) {
      if (skipped) skipped.no_margin += 1;
      return false;
    }
    out.push({ item, chosen: byId.get(chosen)!, rejected: byId.get(rejected)!, tie, votes, margin, weight: 1, labeler, split });
    return true;
  };

  if (options.mode === 'per-labeler') {
    for (const { labeler, judgment, ranking } of rankings) {
      const from = out.length;
      const margin = (better: string, worse: string, tie: boolean): number | null => {
        if (options.margin !== 'likert') return tie ? 0 : 1;
        const la = likertOf(judgment, better);
        const lb = likertOf(judgment, worse);
        return la === null || lb === null ? null : la - lb;
      };
      const kept = ranking.map((group) => group.filter((id) => byId.has(id))).filter((group) => group.length > 0);
      kept.forEach((group, g) => {
        if (options.ties === 'keep') {
          const sorted = [...group].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
          for (let i = 0; i < sorted.length; i++) {
            for (let k = i + 1; k < sorted.length; k++)
              push(sorted[i]!, sorted[k]!, true, { chosen: 0, rejected: 0, tie: 1 }, margin(sorted[i]!, sorted[k]!, true), labeler);
          }
        }
        for (const worse of kept.slice(g + 1).flat()) {
          for (const better of group) push(better, worse, false, { chosen: 1, rejected: 0, tie: 0 }, margin(better, worse, false), labeler);
        }
      });
      // Each expanded ranking sums to 1, whatever its size (a 6-response ranking gives 15 pairs, a 3-response one 3).
      if (options.pairWeight === 'ranking') for (let i = from; i < out.length; i++) out[i]!.weight = 1 / (out.length - from);
    }
  } else {
    // Consensus: votes per unordered pair, in the item's response order; the side is the consensus order's.
    const positions = rankingPositions(rankings.map((r) => r.ranking));
    const group = new Map<string, number>();
    consensusOrder(item).forEach((ids, g) => ids.forEach((id) => group.set(id, g)));
    for (let i = 0; i < responses.length; i++) {
      for (let k = i + 1; k < responses.length; k++) {
        const a = responses[i]!.id;
        const b = responses[k]!.id;
        const { forA, forB, ties } = pairVotes(positions, a, b);
        const total = forA + forB + ties;
        if (total === 0 || total < options.minVotes) continue;
        const ga = group.get(a) ?? Number.MAX_SAFE_INTEGER;
        const gb = group.get(b) ?? Number.MAX_SAFE_INTEGER;
        const tie = ga === gb;
        if (tie && options.ties === 'drop') continue;
        const [chosen, rejected, votes] =
          gb < ga ? [b, a, { chosen: forB, rejected: forA, tie: ties }] : [a, b, { chosen: forA, rejected: forB, tie: ties }];
        let value: number | null;
        if (options.margin === 'likert') {
          const diffs: number[] = [];
          for (const r of rankings) {
            const lc = likertOf(r.judgment, chosen);
            const lr = likertOf(r.judgment, rejected);
            if (lc !== null && lr !== null) diffs.push(lc - lr);
          }
          value = diffs.length === 0 ? null : diffs.reduce((s, d) => s + d, 0) / diffs.length;
        } else value = tie ? 0 : (votes.chosen - votes.rejected) / total;
        push(chosen, rejected, tie, votes, value, null);
      }
    }
  }
  // Each prompt sums to 1: the item's rows share one unit, as InstructGPT batches all comparisons of a prompt.
  if (options.pairWeight === 'prompt') for (const p of out) p.weight = 1 / out.length;
  return out;
}
