import { itemAgreementCounts, type SkipCounts } from '@/lib/export/expand-pairs';
import { jsonLine } from '@/lib/export/format-rows';
import { isPairFormat, itemRows } from '@/lib/export/item-rows';
import { createPairLineWriter } from '@/lib/export/pair-lines';
import type { ShardRow } from '@/lib/export/shard-encoder';
import type { ExportSettings } from '@/lib/export/schemas';
import { SPLITS, type ExportItem, type PreferencePair, type Split } from '@/lib/export/types';

export type ExportStats = {
  rows: number;
  splits: Record<Split, number>;
  items: number;
  judgments: number;
  /** Item-level pairwise agreement (ties excluded) over the exported items with two or more rankings. */
  agreement: { agree: number; compared: number; items: number; meanItem: number | null };
  /** Rows left out: pairs without a computable margin, and items of conversations the format's options leave out. */
  skipped: SkipCounts;
  /** Split groups (by the split key) with at least one row, per split. */
  groups: Record<Split, number>;
  /** Distinct labelers of the exported items' judgments ("adjudication" counts once), and their responses' model ids, sorted. */
  labelers: number;
  models: string[];
};

const parseLine = (line: string) => () => JSON.parse(line) as Record<string, unknown>;

/**
 * Hands the export's rows, split by split, to `shards` (lib/export/write-shards.ts) item by item
 * as each batch of items arrives, awaiting it (backpressure; memory stays bounded by one batch). Counts rows per
 * split, items, judgments, agreement, skipped rows and split groups; the bytes and their sha256 are the shard files' business.
 */
export async function writeExport(options: {
  settings: ExportSettings;
  batches: AsyncIterable<{ items: ExportItem[]; scanned: number }>;
  shards: { write(split: Split, rows: readonly ShardRow[]): Promise<void> };
  onProgress?: (progress: { scanned: number; rows: number }) => Promise<void>;
  /** Pair formats: each item's written pairs, as they are written (the dataset health, lib/export/collect-health.ts). */
  observe?: (item: ExportItem, pairs: PreferencePair[]) => void;
}): Promise<ExportStats> {
  const stats: ExportStats = {
    rows: 0,
    splits: { train: 0, validation: 0 },
    items: 0,
    judgments: 0,
    agreement: { agree: 0, compared: 0, items: 0, meanItem: null },
    skipped: { no_margin: 0, multi_turn: 0 },
    groups: { train: 0, validation: 0 },
    labelers: 0,
    models: [],
  };
  const groups: Record<Split, Set<string>> = { train: new Set(), validation: new Set() };
  let itemRateSum = 0;
  const labelers = new Set<string>();
  const models = new Set<string>();
  let scanned = 0;
  const { format } = options.settings;
  // The pair formats' hot path: texts JSON-encoded once per item (pair-lines.ts), the same bytes as jsonLine(pairFormatRow).
  const pairLine = isPairFormat(format) ? createPairLineWriter(format, options.settings.pair) : () => '';
  const observed: PreferencePair[] = [];
  const observe = options.observe;
  const encode = {
    pair: observe
      ? (p: PreferencePair) => {
          observed.push(p);
          return pairLine(p);
        }
      : pairLine,
    row: jsonLine,
  };
  for await (const batch of options.batches) {
    for (const item of batch.items) {
      observed.length = 0;
      const rows = itemRows(item, options.settings, stats.skipped, encode);
      if (rows.length === 0) continue;
      if (observe && observed.length > 0) observe(item, observed);
      stats.items += 1;
      stats.judgments += item.judgments.length;
      for (const j of item.judgments) labelers.add(j.labeler);
      if (item.adjudicatedRanking) labelers.add('adjudication');
      for (const r of item.responses) if (r.modelId) models.add(r.modelId);
      const { agree, compared } = itemAgreementCounts(item);
      if (compared > 0) {
        stats.agreement.agree += agree;
        stats.agreement.compared += compared;
        stats.agreement.items += 1;
        itemRateSum += agree / compared;
      }
      // One item's rows at a time: what is held stays one item's, the encoder buffers the rest.
      const bySplit: Record<Split, ShardRow[]> = { train: [], validation: [] };
      for (const { value: line, split, group } of rows) {
        groups[split].add(group);
        bySplit[split].push({ line, value: parseLine(line) });
        stats.rows += 1;
        stats.splits[split] += 1;
      }
      for (const split of SPLITS) if (bySplit[split].length > 0) await options.shards.write(split, bySplit[split]);
    }
    scanned += batch.scanned;
    await options.onProgress?.({ scanned, rows: stats.rows });
  }
  stats.agreement.meanItem = stats.agreement.items === 0 ? null : itemRateSum / stats.agreement.items;
  stats.groups = { train: groups.train.size, validation: groups.validation.size };
  stats.labelers = labelers.size;
  stats.models = [...models].sort();
  return stats;
}

/**
 * Shards that hand every row, of either split, to one byte sink in the order they come: one JSON
 * Lines stream of the whole export (tests, benchmarks and in-memory checks that need no folder).
 */
export function streamShards(write: (chunk: Buffer) => Promise<void>): { write(split: Split, rows: readonly ShardRow[]): Promise<void> } {
  return { write: (_split, rows) => write(Buffer.from(rows.map((r) => `${r.line}\n`).join(''), 'utf8')) };
}
