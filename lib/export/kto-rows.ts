import { consensusOrder } from '@/lib/export/consensus-order';
import { effectiveRankings } from '@/lib/export/expand-pairs';
import { splitOf } from '@/lib/export/split';
import type { ExportItem, ExportResponse, PairOptions } from '@/lib/export/types';

/**
 * How KTO rows (TRL's unpaired preference format: prompt, completion, boolean label) are read from
 * the labels (issue 27). `ranking`: in each ranking the top tie group is desirable and the bottom
 * group undesirable, the groups between left out (a ranking of one group says nothing). `likert`:
 * a score ≥ desirableMin is desirable, ≤ undesirableMax undesirable, between left out.
 */
export type KtoOptions = { source: 'ranking' | 'likert'; desirableMin: number; undesirableMax: number };

export const DEFAULT_KTO_OPTIONS: KtoOptions = { source: 'ranking', desirableMin: 5, undesirableMax: 3 };

type Label = { responseId: string; label: boolean; labeler: string | null };

/** The top and bottom groups of a ranking as labels; nothing when it has fewer than two groups. */
function fromRanking(ranking: string[][], labeler: string | null): Label[] {
  if (ranking.length < 2) return [];
  const top = ranking[0] ?? [];
  const bottom = ranking[ranking.length - 1] ?? [];
  return [
    ...top.map((responseId) => ({ responseId, label: true, labeler })),
    ...bottom.map((responseId) => ({ responseId, label: false, labeler })),
  ];
}

/** A score as a label by the thresholds; null between them. */
function fromScore(score: number, kto: KtoOptions): boolean | null {
  if (score >= kto.desirableMin) return true;
  if (score <= kto.undesirableMax) return false;
  return null;
}

/** The labels of one item under the options (per-labeler: one per labeler and response; consensus: one per response). */
export function ktoLabels(item: ExportItem, options: { kto: KtoOptions; mode: PairOptions['mode'] }): Label[] {
  const { kto, mode } = options;
  const order = new Map(item.responses.map((r, i) => [r.id, i]));
  const byShownOrder = (a: Label, b: Label) => (order.get(a.responseId) ?? 0) - (order.get(b.responseId) ?? 0);
  if (kto.source === 'ranking') {
    if (mode === 'consensus') return fromRanking(consensusOrder(item), null).sort(byShownOrder);
    return effectiveRankings(item).flatMap((r) =>
      fromRanking(r.ranking, r.labeler).sort((a, b) => Number(b.label) - Number(a.label) || byShownOrder(a, b)),
    );
  }
  if (mode === 'consensus') {
    return item.responses.flatMap((r) => {
      const scores = item.judgments.map((j) => j.likert[r.id]).filter((x): x is number => typeof x === 'number');
      if (scores.length === 0) return [];
      const label = fromScore(scores.reduce((s, x) => s + x, 0) / scores.length, kto);
      return label === null ? [] : [{ responseId: r.id, label, labeler: null }];
    });
  }
  return item.judgments.flatMap((j) =>
    item.responses.flatMap((r) => {
      const score = j.likert[r.id];
      const label = typeof score === 'number' ? fromScore(score, kto) : null;
      return label === null ? [] : [{ responseId: r.id, label, labeler: j.labeler }];
    }),
  );
}

const responseId = (r: ExportResponse) => r.externalId ?? r.id;

/** The "kto" rows of an item: the conversation as `prompt`, the response as a one-message `completion`, `label`, and where it came from. */
export function ktoRows(
  item: ExportItem,
  options: { kto: KtoOptions } & Pick<PairOptions, 'mode' | 'validationShare' | 'splitBy'>,
): Record<string, unknown>[] {
  const byId = new Map(item.responses.map((r) => [r.id, r]));
  const { split } = splitOf(item, options);
  return ktoLabels(item, options).flatMap((l) => {
    const response = byId.get(l.responseId);
    if (!response) return [];
    return [
      {
        prompt: item.messages,
        completion: [{ role: 'assistant', content: response.text }],
        label: l.label,
        item_id: item.externalId ?? item.itemId,
        response_id: responseId(response),
        labeler: l.labeler,
        split,
      },
    ];
  });
}
