import { deriveId } from '@/lib/import/derive-id';
import type { ImportItem, ImportMessage } from '@/lib/import/types';

/**
 * The item a preference pair (hh-rlhf, TRL) becomes: the shared conversation, the two replies
 * as responses, and the row's preference (chosen over rejected) as its label. Ids derive from
 * the content, so the same row always gets the same ids.
 */
export function pairItem(options: { prefix: string; line: number; messages: ImportMessage[]; chosen: string; rejected: string; metadata: Record<string, unknown> }): ImportItem {
  const { prefix, line, messages, chosen, rejected, metadata } = options;
  const itemId = deriveId(prefix, messages, chosen, rejected);
  const responses = [chosen, rejected].map((text) => ({ externalId: deriveId(itemId, text), modelId: null, text, metadata: {} }));
  return { line, externalId: itemId, messages, responses, metadata, goldRanking: null, labels: [{ worker: null, ranking: responses.map((r) => [r.externalId]) }] };
}
