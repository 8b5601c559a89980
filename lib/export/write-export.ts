import { detectTrialRows, perturbationRows } from '@/lib/export/critique-eval-rows';
import { expandPairs, itemAgreementCounts } from '@/lib/export/expand-pairs';
import { formatAllowsTies, formatProblem, rankingsRow, rawRows, sftRows } from '@/lib/export/format-rows';
import { createPairLineWriter } from '@/lib/export/pair-lines';
import type { ShardRow } from '@/lib/export/shard-encoder';
import type { ExportSettings } from '@/lib/export/schemas';
import { splitFor } from '@/lib/export/split';
import { PAIR_FORMATS, SPLITS, type ExportItem, type PairFormat, type PreferencePair, type Split } from '@/lib/export/types';
import { AppError } from '@/lib/errors';

export type ExportStats = {
  rows: number;
  splits: Record<Split, number>;
  /** Items that gave at least one row, and the judgments they hold. */
  items: number;
  judgments: number;
  /** Item-level pairwise agreement (ties excluded) over the exported items with two or more rankings. */
  agreement: { agree: number; compared: number; items: number; meanItem: number | null };
  /** Distinct labelers of the exported items' judgments ("adjudication" counts once), and their responses' model ids, sorted. */
  labelers: number;
  models: string[];
};

const isPairFormat = (format: string): format is PairFormat => (PAIR_FORMATS as readonly string[]).includes(format);

/** Rows of one item as JSON Lines text with their splits. */
function itemRows(item: ExportItem, settings: ExportSettings, pairLine: ((pair: PreferencePair) => string) | null): { line: string; split: Split }[] {
  const { format, pair } = settings;
  if (isPairFormat(format) && pairLine) {
    const problem = formatProblem(format, item);
    if (problem) throw new AppError('INVALID_INPUT', problem);
    const options = formatAllowsTies(format) ? pair : { ...pair, ties: 'drop' as const };
    return expandPairs(item, options).map((p) => ({ line: pairLine(p), split: p.split }));
  }
  // Item filters hold for every format; pair options (mode, ties, margin, votes, flags) for pair formats only.
  if (pair.excludeGold && item.isGold) return [];
  if (pair.minAgreement !== null && !item.adjudicatedRanking) {
    const { agree, compared } = itemAgreementCounts(item);
    if (compared === 0 || agree / compared < pair.minAgreement) return [];
  }
  const rows =
    format === 'rankings' ? [rankingsRow(item, pair)]
    : format === 'raw' ? rawRows(item)
    : format === 'perturbations' ? perturbationRows(item, pair)
    : format === 'detect-trials' ? detectTrialRows(item)
    : sftRows(item, pair);
  // Raw rows carry no split field; they are counted on the side their prompt falls.
  const split = splitFor(item.messages, pair.validationShare);
  return rows.map((row) => ({ line: JSON.stringify(row), split }));
}

const parseLine = (line: string) => () => JSON.parse(line) as Record<string, unknown>;

/**
 * Hands the export's rows, split by split, to `shards` (lib/export/write-shards.ts) item by item
 * as each batch of items arrives, awaiting it (backpressure; memory stays bounded by one batch). Counts rows per
 * split, items, judgments and agreement; the bytes and their sha256 are the shard files' business.
 */
export async function writeExport(options: {
  settings: ExportSettings;
  batches: AsyncIterable<{ items: ExportItem[]; scanned: number }>;
  shards: { write(split: Split, rows: readonly ShardRow[]): Promise<void> };
  onProgress?: (progress: { scanned: number; rows: number }) => Promise<void>;
}): Promise<ExportStats> {
  const stats: ExportStats = { rows: 0, splits: { train: 0, validation: 0 }, items: 0, judgments: 0, agreement: { agree: 0, compared: 0, items: 0, meanItem: null }, labelers: 0, models: [] };
  let itemRateSum = 0;
  const labelers = new Set<string>();
  const models = new Set<string>();
  let scanned = 0;
  const pairLine = isPairFormat(options.settings.format) ? createPairLineWriter(options.settings.format) : null;
  for await (const batch of options.batches) {
    for (const item of batch.items) {
      const rows = itemRows(item, options.settings, pairLine);
      if (rows.length === 0) continue;
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
      for (const { line, split } of rows) {
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
  stats.labelers = labelers.size;
  stats.models = [...models].sort();
  return stats;
}
