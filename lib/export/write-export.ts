import { createHash } from 'node:crypto';
import { itemAgreementCounts, type SkipCounts } from '@/lib/export/expand-pairs';
import { jsonLine } from '@/lib/export/format-rows';
import { isPairFormat, itemRows } from '@/lib/export/item-rows';
import { createPairLineWriter } from '@/lib/export/pair-lines';
import type { ExportSettings } from '@/lib/export/schemas';
import type { ExportItem, Split } from '@/lib/export/types';

export type ExportStats = {
  rows: number;
  splits: Record<Split, number>;
  bytes: number;
  sha256: string;
  /** Items that gave at least one row, and the judgments they hold. */
  items: number;
  judgments: number;
  /** Item-level pairwise agreement (ties excluded) over the exported items with two or more rankings. */
  agreement: { agree: number; compared: number; items: number; meanItem: number | null };
  /** Rows left out: pairs without a computable margin, and items of conversations the format's options leave out. */
  skipped: SkipCounts;
  /** Split groups (by the split key) with at least one row, per split. */
  groups: Record<Split, number>;
};

/**
 * Writes the export as JSON Lines to `write` with bounded memory: rows are encoded as each batch
 * of items arrives and handed on in pieces of about `flushBytes`, awaiting `write` (backpressure).
 * Counts rows per split and computes sha256 and size of exactly the bytes written.
 */
export async function writeExport(options: {
  settings: ExportSettings;
  batches: AsyncIterable<{ items: ExportItem[]; scanned: number }>;
  write: (chunk: Buffer) => Promise<void>;
  onProgress?: (progress: { scanned: number; rows: number }) => Promise<void>;
  flushBytes?: number;
}): Promise<ExportStats> {
  const flushChars = options.flushBytes ?? 1 << 16;
  const hash = createHash('sha256');
  const stats: ExportStats = {
    rows: 0,
    splits: { train: 0, validation: 0 },
    bytes: 0,
    sha256: '',
    items: 0,
    judgments: 0,
    agreement: { agree: 0, compared: 0, items: 0, meanItem: null },
    skipped: { no_margin: 0, multi_turn: 0 },
    groups: { train: 0, validation: 0 },
  };
  const groups: Record<Split, Set<string>> = { train: new Set(), validation: new Set() };
  let itemRateSum = 0;
  let parts: string[] = [];
  let pending = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    const chunk = Buffer.from(parts.join(''), 'utf8');
    parts = [];
    pending = 0;
    hash.update(chunk);
    stats.bytes += chunk.length;
    await options.write(chunk);
  };
  let scanned = 0;
  const { format } = options.settings;
  // The pair formats' hot path: texts JSON-encoded once per item (pair-lines.ts), the same bytes as jsonLine(pairFormatRow).
  const encode = { pair: isPairFormat(format) ? createPairLineWriter(format, options.settings.pair) : () => '', row: jsonLine };
  for await (const batch of options.batches) {
    for (const item of batch.items) {
      const rows = itemRows(item, options.settings, stats.skipped, encode);
      if (rows.length === 0) continue;
      stats.items += 1;
      stats.judgments += item.judgments.length;
      const { agree, compared } = itemAgreementCounts(item);
      if (compared > 0) {
        stats.agreement.agree += agree;
        stats.agreement.compared += compared;
        stats.agreement.items += 1;
        itemRateSum += agree / compared;
      }
      for (const { value: line, split, group } of rows) {
        groups[split].add(group);
        parts.push(line, '\n');
        pending += line.length + 1;
        stats.rows += 1;
        stats.splits[split] += 1;
      }
      if (pending >= flushChars) await flush();
    }
    scanned += batch.scanned;
    await options.onProgress?.({ scanned, rows: stats.rows });
  }
  await flush();
  stats.sha256 = hash.digest('hex');
  stats.groups = { train: groups.train.size, validation: groups.validation.size };
  stats.agreement.meanItem = stats.agreement.items === 0 ? null : itemRateSum / stats.agreement.items;
  return stats;
}
