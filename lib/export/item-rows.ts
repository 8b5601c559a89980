import { arenaRows, battleSplit, pairsChatRows, rankingsRows } from '@/lib/arena/arena-rows';
import { detectTrialRows, perturbationRows } from '@/lib/export/critique-eval-rows';
import { judgeAsItem, judgeRows } from '@/lib/export/judge-rows';
import { expandPairs, itemAgreementCounts, type SkipCounts } from '@/lib/export/expand-pairs';
import { canWritePairs, formatAllowsTies, pairFormatRow, rankingsRow, rawRows, sftRows } from '@/lib/export/format-rows';
import type { ExportSettings } from '@/lib/export/schemas';
import { ktoRows } from '@/lib/export/kto-rows';
import { splitOf } from '@/lib/export/split';
import { prm800kRows, trlStepwiseRows } from '@/lib/export/step-rows';
import { PAIR_FORMATS, type ExportItem, type PairFormat, type PreferencePair, type Split } from '@/lib/export/types';

export const isPairFormat = (format: string): format is PairFormat => (PAIR_FORMATS as readonly string[]).includes(format);

/**
 * The rows of one item in the export's format, each encoded by `encode` (JSON Lines text for
 * writeExport, row objects for the Parquet encoding), with its split and split group. Every
 * encoding gets the same rows: the filters, the skipping and the counting live here. An item a
 * pair format cannot hold is left out and counted in `skipped` (never the whole export refused).
 */
export function itemRows<T>(
  item: ExportItem,
  settings: ExportSettings,
  skipped: SkipCounts,
  encode: { pair: (pair: PreferencePair) => T; row: (row: Record<string, unknown>) => T },
): { value: T; split: Split; group: string }[] {
  const { format, pair } = settings;
  const chat = chatVoteRows(item, settings, encode.row);
  if (format === 'arena') return chat;
  if (isPairFormat(format)) {
    if (!canWritePairs(format, item, pair)) {
      if (expandPairs(item, { ...pair, ties: 'drop', margin: 'none' }).length > 0) skipped.multi_turn += 1;
      return chat;
    }
    const options = formatAllowsTies(format) ? pair : { ...pair, ties: 'drop' as const };
    const { group } = splitOf(item, pair);
    if (!pair.includeJudge)
      return [...expandPairs(item, options, skipped).map((p) => ({ value: encode.pair(p), split: p.split, group })), ...chat];
    // Issue 25, asked for: the judge's own pairs after the humans', every row marked with its source.
    const judged = judgeAsItem(item);
    const human = item.judgments.length > 0 || item.adjudicatedRanking ? expandPairs(item, options, skipped) : [];
    const judge = judged ? expandPairs(judged, { ...options, mode: 'per-labeler', minVotes: 1, minAgreement: null }, skipped) : [];
    return [...human.map((p) => ({ ...p, source: 'human' as const })), ...judge.map((p) => ({ ...p, source: 'judge' as const }))]
      .map((p) => ({
        value: encode.pair(p),
        split: p.split,
        group,
      }))
      .concat(chat);
  }
  // Item filters hold for every format; pair options (mode, ties, margin, votes, flags) for pair formats only.
  if (pair.excludeGold && item.isGold) return [];
  if (pair.minAgreement !== null && !item.adjudicatedRanking) {
    const { agree, compared } = itemAgreementCounts(item);
    if (compared === 0 || agree / compared < pair.minAgreement) return [];
  }
  const rows =
    format === 'rankings'
      ? [rankingsRow(item, pair)]
      : format === 'raw'
        ? rawRows(item)
        : format === 'perturbations'
          ? perturbationRows(item, pair)
          : format === 'detect-trials'
            ? detectTrialRows(item)
            : format === 'judge'
              ? judgeRows(item, pair)
              : format === 'kto'
                ? ktoRows(item, { ...pair, kto: settings.kto })
                : format === 'trl-stepwise'
                  ? trlStepwiseRows(item, { ...pair, neutralAs: settings.record.neutral_as ?? 'true' })
                  : format === 'prm800k'
                    ? prm800kRows(item, pair)
                    : sftRows(item, pair);
  // Raw rows carry no split field; they are counted on the side their group falls.
  const { split, group } = splitOf(item, pair);
  // A chat item's battles have no judgments (its ranking row would be empty): their votes' rows only.
  const own = item.judgments.length === 0 && !item.adjudicatedRanking && chat.length > 0 ? [] : rows;
  return [...own.map((row) => ({ value: encode.row(row), split, group })), ...chat];
}

/**
 * The rows of the item's chat battle votes (issue 26, lib/arena/arena-rows.ts): battle rows for
 * "arena", pairs for "pairs-chat", one rankings row per vote; [] for other formats. Every turn of a
 * battle falls on one split (battleSplit), grouped by battle.
 */
function chatVoteRows<T>(item: ExportItem, settings: ExportSettings, encode: (row: Record<string, unknown>) => T) {
  const votes = item.chatVotes ?? [];
  if (votes.length === 0) return [];
  const { format, pair } = settings;
  const split = (vote: (typeof votes)[number]) => battleSplit(vote, pair.validationShare);
  const build = (vote: (typeof votes)[number]) =>
    format === 'arena'
      ? arenaRows([vote])
      : format === 'pairs-chat'
        ? pairsChatRows([vote], { ties: pair.ties, split })
        : format === 'rankings'
          ? rankingsRows([vote], { split })
          : [];
  return votes.flatMap((vote) => build(vote).map((row) => ({ value: encode(row), split: split(vote), group: vote.battleId })));
}

/**
 * The export's rows as objects (for encodings other than JSON Lines, e.g. write-parquet.ts), batch
 * by batch as the items arrive: the same rows, splits and skip counts as writeExport's lines.
 */
export async function* exportRowObjects(options: {
  settings: ExportSettings;
  batches: AsyncIterable<{ items: ExportItem[] }>;
  skipped: SkipCounts;
}): AsyncGenerator<{ row: Record<string, unknown>; split: Split; group: string }> {
  const { settings, skipped } = options;
  const format = settings.format;
  const encode = {
    pair: (p: PreferencePair) => (isPairFormat(format) ? pairFormatRow(format, p, settings.pair) : {}),
    row: (r: Record<string, unknown>) => r,
  };
  for await (const batch of options.batches) {
    for (const item of batch.items)
      for (const { value, split, group } of itemRows(item, settings, skipped, encode)) yield { row: value, split, group };
  }
}
