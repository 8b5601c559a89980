import { createHash } from 'node:crypto';
import type { ImportItem } from '@/lib/import/types';

/**
 * What makes two imports of an item "the same": conversation, responses, metadata, gold, and the
 * routing requirement when there is one (left out otherwise, so hashes of rows without it are
 * unchanged). Labels are not content.
 */
export function itemContentHash(item: ImportItem): string {
  const content = {
    messages: item.messages,
    responses: item.responses.map((r) => [r.externalId, r.modelId, r.text, r.metadata]),
    metadata: item.metadata,
    gold: item.goldRanking,
    ...(item.requirements ? { requires: item.requirements } : {}),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
