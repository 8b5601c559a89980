import { resolveAspectRanking } from '@/lib/aspects/schemas';
import type { ExportItem } from '@/lib/export/types';

/**
 * The item as one aspect saw it (issue 27, export option `aspect`): each judgment that answered
 * the aspect with its ranking replaced by the aspect's ("same as overall" resolves to the overall
 * ranking); judgments that did not answer it (given before the project collected it, or "all
 * unacceptable") are left out. A lead's adjudication settles the overall ranking only, so it is
 * not used. Everything downstream (pairs, consensus, agreement, KTO) then reads the aspect.
 */
export function aspectView(item: ExportItem, aspect: string): ExportItem {
  const judgments = item.judgments.flatMap((j) => {
    const answer = j.aspects?.find((a) => a.aspect === aspect);
    if (!answer || j.allUnacceptable) return [];
    return [{ ...j, ranking: resolveAspectRanking(j.ranking, answer), restGroupedBelow: answer.sameAsOverall && j.restGroupedBelow }];
  });
  // Chat votes and the AI judge's labels answer no aspect: an aspect's rows are the labelers' answers only.
  const { chatVotes: _chat, judgeLabels: _judge, ...rest } = item;
  return { ...rest, judgments, adjudicatedRanking: null };
}
