import { effectiveRankings } from '@/lib/export/expand-pairs';
import { hhTranscript } from '@/lib/export/hh-transcript';
import { splitFor } from '@/lib/export/split';
import type { ExportItem, PairFormat, PairOptions, PreferencePair } from '@/lib/export/types';
import { ranksFromGroups } from '@/lib/stats/kendall-w';

/** Why an item cannot be written in a format, or null. The standard TRL form holds a prompt as one text. */
export function formatProblem(format: PairFormat, item: ExportItem): string | null {
  if (format === 'pairs' && (item.messages.length !== 1 || item.messages[0]?.role !== 'user')) {
    return `Item ${item.externalId ?? item.itemId} is a conversation (${item.messages.length} turns); the "pairs" format holds a single user prompt: use "pairs-chat"`;
  }
  return null;
}

/** Formats that can say "tie"; the others never receive tied pairs. */
export function formatAllowsTies(format: PairFormat): boolean {
  return format === 'pairs' || format === 'pairs-chat';
}

const responseId = (r: { id: string; externalId: string | null }) => r.externalId ?? r.id;

/** Metadata every pair row carries (except openai-dpo, whose files allow no extra keys). */
function pairMetadata(pair: PreferencePair) {
  return {
    ...(pair.margin === null ? {} : { margin: pair.margin }),
    ...(pair.tie ? { tie: true } : {}),
    item_id: pair.item.externalId ?? pair.item.itemId,
    chosen_id: responseId(pair.chosen),
    rejected_id: responseId(pair.rejected),
    labeler: pair.labeler,
    split: pair.split,
    votes: pair.votes,
  };
}

/** One JSON Lines row of a pair format. */
export function pairFormatRow(format: PairFormat, pair: PreferencePair): Record<string, unknown> {
  const reply = (content: string) => [{ role: 'assistant', content }];
  switch (format) {
    case 'pairs':
      return { prompt: pair.item.messages[0]?.content ?? '', chosen: pair.chosen.text, rejected: pair.rejected.text, ...pairMetadata(pair) };
    case 'pairs-chat':
      return { prompt: pair.item.messages, chosen: reply(pair.chosen.text), rejected: reply(pair.rejected.text), ...pairMetadata(pair) };
    case 'hh':
      return { chosen: hhTranscript(pair.item, pair.chosen), rejected: hhTranscript(pair.item, pair.rejected), ...pairMetadata(pair) };
    case 'openai-dpo':
      return { input: { messages: pair.item.messages }, preferred_output: reply(pair.chosen.text), non_preferred_output: reply(pair.rejected.text) };
  }
}

/**
 * The consensus order of an item: the adjudicated ranking, or responses grouped by their mean
 * rank over every ranking (equal means tie), best first. Responses nobody ranked come last, tied.
 */
export function consensusOrder(item: ExportItem): string[][] {
  if (item.adjudicatedRanking) return item.adjudicatedRanking;
  const rankings = effectiveRankings(item);
  if (rankings.length === 0) return [];
  const sums = new Map<string, { total: number; n: number }>();
  for (const { ranking } of rankings) {
    for (const [id, rank] of Object.entries(ranksFromGroups(ranking))) {
      const s = sums.get(id) ?? { total: 0, n: 0 };
      sums.set(id, { total: s.total + rank, n: s.n + 1 });
    }
  }
  const order = new Map(item.responses.map((r, i) => [r.id, i]));
  const ranked = item.responses
    .filter((r) => sums.has(r.id))
    .map((r) => ({ id: r.id, mean: sums.get(r.id)!.total / sums.get(r.id)!.n }))
    .sort((a, b) => a.mean - b.mean || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const groups: string[][] = [];
  let last: number | null = null;
  for (const r of ranked) {
    // Means are ratios of small integers; compare with a tolerance so 5/3 and 5/3 tie.
    if (last !== null && Math.abs(r.mean - last) < 1e-9) groups[groups.length - 1]!.push(r.id);
    else groups.push([r.id]);
    last = r.mean;
  }
  const unranked = item.responses.filter((r) => !sums.has(r.id)).map((r) => r.id);
  if (unranked.length > 0) groups.push(unranked);
  return groups;
}

/** The "rankings" row of an item: conversation, responses, consensus order and every judgment. Ids are the items' own (external) ids. */
export function rankingsRow(item: ExportItem, options: Pick<PairOptions, 'validationShare'>): Record<string, unknown> {
  const id = new Map(item.responses.map((r) => [r.id, responseId(r)]));
  const mapGroups = (groups: string[][]) => groups.map((g) => g.map((r) => id.get(r) ?? r));
  const byResponse = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).map(([k, v]) => [id.get(k) ?? k, v]));
  return {
    item_id: item.externalId ?? item.itemId,
    messages: item.messages,
    responses: item.responses.map((r) => ({ id: responseId(r), text: r.text, model: r.modelId })),
    consensus: mapGroups(consensusOrder(item)),
    adjudicated: item.adjudicatedRanking !== null,
    is_gold: item.isGold,
    split: splitFor(item.messages, options.validationShare),
    judgments: item.judgments.map((j) => ({
      labeler: j.labeler,
      source: j.source.toLowerCase(),
      ranking: mapGroups(j.ranking),
      all_unacceptable: j.allUnacceptable,
      rest_grouped_below: j.restGroupedBelow ?? false,
      likert: byResponse(j.likert),
      flags: byResponse(j.flags),
      flaws: byResponse(j.flaws),
      prompt_flags: j.promptFlags,
      shown_order: j.shownOrder ? j.shownOrder.map((r) => id.get(r) ?? r) : null,
      duration_ms: j.durationMs,
      taxonomy_version: j.taxonomyVersion,
      created_at: j.createdAt,
      ...(j.groups ? { labeler_groups: j.groups } : {}),
    })),
  };
}

/** The "raw" rows of an item: one per judgment, with the item and responses it refers to. */
export function rawRows(item: ExportItem): Record<string, unknown>[] {
  const row = rankingsRow(item, { validationShare: 0 });
  const judgments = row.judgments as Record<string, unknown>[];
  // Scores a dataset carried (issue 19) ride with their response in raw rows only.
  const responses = item.responses.map((r, i) => (r.importedScores ? { ...(row.responses as object[])[i], imported_scores: r.importedScores } : (row.responses as object[])[i]));
  return item.judgments.map((j, i) => ({
    judgment_id: j.judgmentId,
    item_id: row.item_id,
    messages: row.messages,
    responses,
    is_gold: item.isGold,
    ...judgments[i],
  }));
}

/**
 * The "sft" rows of an item: one per accepted demonstration, the conversation followed by the
 * demonstration as the assistant's reply (TRL's conversational SFT form), with the pair formats'
 * metadata. The loader gives accepted demonstrations only (the lead's edit when there is one).
 */
export function sftRows(item: ExportItem, options: Pick<PairOptions, 'validationShare'>): Record<string, unknown>[] {
  const demonstrations = item.demonstrations ?? [];
  if (demonstrations.length === 0) return [];
  const split = splitFor(item.messages, options.validationShare);
  return demonstrations.map((d) => ({
    messages: [...item.messages, { role: 'assistant', content: d.text }],
    item_id: item.externalId ?? item.itemId,
    demonstration_id: d.demonstrationId,
    labeler: d.labeler,
    split,
  }));
}
