import type { PlacedRowError } from '@/lib/import/row-source';

/** One reason rows were refused: the field (list positions dropped), the message with its particulars blanked, how often, and one example. */
export type RejectReason = { field: string; reason: string; count: number; example: PlacedRowError };

/** `responses[2].text` → `responses[].text`; quoted values and numbers in the message → "…". */
export function reasonKeyOf(error: Pick<PlacedRowError, 'path' | 'message'>): { field: string; reason: string } {
  return {
    field: error.path.replace(/\[\d+\]/g, '[]'),
    reason: error.message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d[\d,.]*/g, '…'),
  };
}

/** Counts refusals by reason as they come (bounded by the number of distinct reasons, not of rows). */
export class RejectTally {
  private readonly reasons = new Map<string, RejectReason>();

  add(error: PlacedRowError) {
    const { field, reason } = reasonKeyOf(error);
    const key = `${field}\u0000${reason}`;
    const seen = this.reasons.get(key);
    if (seen) seen.count += 1;
    else if (this.reasons.size < 1000) this.reasons.set(key, { field, reason, count: 1, example: error });
  }

  /** Most frequent first. */
  list(): RejectReason[] {
    return [...this.reasons.values()].sort((a, b) => b.count - a.count || a.field.localeCompare(b.field));
  }
}
