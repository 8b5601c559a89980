import { deriveId } from '@/lib/import/derive-id';
import type { ImportItem, ImportLabel, ImportMessage, ImportResponse } from '@/lib/import/types';

export type PairSide = { text: string; metadata?: Record<string, unknown>; modelId?: string | null };

/**
 * The item a preference pair (hh-rlhf, TRL, OpenAI preference rows) becomes: the shared
 * conversation, the two replies as responses, and the row's preference (chosen over rejected, or
 * a tie) as its label. Ids derive from the content, so the same row always gets the same ids; two
 * identical replies (the public hh-rlhf files hold a few) get distinct ids.
 */
export function pairItem(options: {
  prefix: string;
  line: number;
  messages: ImportMessage[];
  chosen: string | PairSide;
  rejected: string | PairSide;
  metadata: Record<string, unknown>;
  /** A tie (TRL margin 0): one tie group instead of chosen over rejected. */
  tie?: boolean;
  /** The item id when the caller derives it (from the raw row, or with an occurrence number). */
  id?: string;
}): ImportItem {
  const { prefix, line, messages, metadata } = options;
  const [chosen, rejected] = [options.chosen, options.rejected].map((s): PairSide => (typeof s === 'string' ? { text: s } : s)) as [
    PairSide,
    PairSide,
  ];
  const itemId = options.id ?? deriveId(prefix, messages, chosen.text, rejected.text);
  const responses: ImportResponse[] = [chosen, rejected].map((side, i) => ({
    externalId: i === 1 && chosen.text === rejected.text ? deriveId(itemId, side.text, 'rejected') : deriveId(itemId, side.text),
    modelId: side.modelId ?? null,
    text: side.text,
    metadata: side.metadata ?? {},
  }));
  const ids = responses.map((r) => r.externalId);
  const label: ImportLabel = { worker: null, ranking: options.tie ? [ids] : ids.map((id) => [id]) };
  return { line, externalId: itemId, messages, responses, metadata, goldRanking: null, labels: [label] };
}

/**
 * Ids for rows that may repeat word for word (the public hh-rlhf and UltraFeedback files hold
 * repeated rows): the first occurrence keeps the plain derived id, the n-th gets "-n" appended,
 * so a file imports every row it holds and re-importing it gives the same ids. Keeps one short
 * id per row of the file (about 100 bytes a row).
 */
export function occurrenceIds(): (id: string) => string {
  const seen = new Map<string, number>();
  return (id) => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}-${n}`;
  };
}
