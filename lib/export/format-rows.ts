import { consensusOrder } from '@/lib/export/consensus-order';
import { hhTranscript, toHhRow } from '@/lib/import/formats/hh-transcript';
import { splitOf } from '@/lib/export/split';
import type { ExportItem, ExportJudgment, PairFormat, PairOptions, PreferencePair } from '@/lib/export/types';
import type { ImportMessage } from '@/lib/import/types';

export { consensusOrder };

/** The text of a conversation in the hh template: "\n\nHuman: …" and "\n\nAssistant: …" turns; a system message opens the first human turn. */
function hhTurns(messages: ImportMessage[]): string {
  return toHhRow({ messages, chosen: '', rejected: '' }).chosen.slice(0, -'\n\nAssistant: '.length);
}

/** A conversation holding more than one user turn or an earlier reply (any assistant message). */
export const isMultiTurn = (messages: ImportMessage[]) =>
  messages.some((m) => m.role === 'assistant') || messages.filter((m) => m.role === 'user').length > 1;

/**
 * Whether an item's pairs can be written in the format under the options; when not, the item is
 * left out and counted (never the whole export refused). "pairs" without a template holds a single
 * user prompt; with multi-turn "skip", every text format leaves conversations out.
 */
export function canWritePairs(format: PairFormat, item: ExportItem, options: Pick<PairOptions, 'promptTemplate' | 'multiTurn'>): boolean {
  if (format !== 'pairs' && format !== 'hh') return true;
  if (format === 'pairs' && options.promptTemplate === 'none') return item.messages.length === 1 && item.messages[0]?.role === 'user';
  return options.multiTurn === 'render' || !isMultiTurn(item.messages);
}

/** Formats that can say "tie" (with a `tie` column on every row); the others never receive tied pairs. */
export function formatAllowsTies(format: PairFormat): boolean {
  return format === 'pairs' || format === 'pairs-chat';
}

const responseId = (r: { id: string; externalId: string | null }) => r.externalId ?? r.id;

/** Metadata every pair row carries (except openai-dpo, whose files allow no extra keys); `tie` only in formats that can say "tie", then on every row. */
function pairMetadata(format: PairFormat, pair: PreferencePair) {
  return {
    ...(pair.margin === null ? {} : { margin: pair.margin }),
    ...(formatAllowsTies(format) ? { tie: pair.tie } : {}),
    weight: pair.weight,
    item_id: pair.item.externalId ?? pair.item.itemId,
    chosen_id: responseId(pair.chosen),
    rejected_id: responseId(pair.rejected),
    labeler: pair.labeler,
    split: pair.split,
    votes: pair.votes,
    // Issue 25: only when the export includes judge pairs; every row then says whose preference it is.
    ...(pair.source === undefined ? {} : { source: pair.source }),
  };
}

/** The "pairs" prompt and reply texts: hh template (prompt ending "\n\nAssistant:", reply after a space) or the bare user text. */
export function pairsTexts(
  messages: ImportMessage[],
  options: Pick<PairOptions, 'promptTemplate'>,
): { prompt: string; reply: (text: string) => string } {
  if (options.promptTemplate === 'none') return { prompt: messages[0]?.content ?? '', reply: (text) => text };
  return { prompt: `${hhTurns(messages)}\n\nAssistant:`, reply: (text) => ` ${text}` };
}

/** One row of a pair format (pair-lines.ts writes the same bytes faster). */
export function pairFormatRow(
  format: PairFormat,
  pair: PreferencePair,
  options: Pick<PairOptions, 'promptTemplate'> = { promptTemplate: 'hh' },
): Record<string, unknown> {
  const message = (content: string) => ({ role: 'assistant', content });
  const reply = (content: string) => [message(content)];
  const { messages } = pair.item;
  switch (format) {
    case 'pairs': {
      const t = pairsTexts(messages, options);
      return { prompt: t.prompt, chosen: t.reply(pair.chosen.text), rejected: t.reply(pair.rejected.text), ...pairMetadata(format, pair) };
    }
    case 'pairs-chat':
      return { prompt: messages, chosen: reply(pair.chosen.text), rejected: reply(pair.rejected.text), ...pairMetadata(format, pair) };
    case 'hh':
      return {
        chosen: hhTranscript(pair.item, pair.chosen),
        rejected: hhTranscript(pair.item, pair.rejected),
        ...pairMetadata(format, pair),
      };
    case 'openai-dpo':
      return { input: { messages }, preferred_output: reply(pair.chosen.text), non_preferred_output: reply(pair.rejected.text) };
    case 'axolotl-dpo':
      return { messages, chosen: message(pair.chosen.text), rejected: message(pair.rejected.text), ...pairMetadata(format, pair) };
    case 'openrlhf':
      return {
        chosen: [...messages, message(pair.chosen.text)],
        rejected: [...messages, message(pair.rejected.text)],
        ...pairMetadata(format, pair),
      };
  }
}

/** Float columns: written with a decimal point (1.0, not 1) so a JSON reader types them as floats in every chunk. */
export const FLOAT_COLUMNS = new Set(['margin', 'weight', 'span_overlap']);

/** A number as JSON that a reader types as a float: integers get ".0". */
export const floatJson = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : JSON.stringify(n));

/** A row as one JSON Lines line: JSON.stringify, with the top-level float columns written as floats. */
export function jsonLine(row: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${FLOAT_COLUMNS.has(key) && typeof value === 'number' ? floatJson(value) : JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}

/** The judgment record of `rankings` and `raw` rows: every key on every row, per-response data as a list of records in the item's response order. */
function judgmentRecord(item: ExportItem, j: ExportJudgment, id: (r: string) => string) {
  return {
    labeler: j.labeler,
    source: j.source.toLowerCase(),
    ranking: j.ranking.map((g) => g.map(id)),
    all_unacceptable: j.allUnacceptable,
    rest_grouped_below: j.restGroupedBelow ?? false,
    ratings: item.responses.map((r) => ({
      response_id: id(r.id),
      likert: j.likert[r.id] ?? null,
      flags: j.flags[r.id] ?? [],
      flaws: (j.flaws[r.id] ?? []).map((f) => ({
        start: f.start,
        end: f.end,
        category: f.category,
        severity: f.severity,
        comment: f.comment ?? '',
      })),
    })),
    prompt_flags: j.promptFlags,
    shown_order: j.shownOrder ? j.shownOrder.map(id) : null,
    duration_ms: j.durationMs,
    taxonomy_version: j.taxonomyVersion,
    created_at: j.createdAt,
    // A list of records, not an object keyed by attribute (Arrow would make a field per attribute); null when the project has not opted in.
    labeler_groups: j.groups
      ? Object.entries(j.groups)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([attribute, values]) => ({ attribute, values }))
      : null,
    // Issue 27: the aspect answers as stored (an own ranking in the export's ids); null when none.
    aspects: j.aspects?.length
      ? j.aspects.map((a) => ({
          aspect: a.aspect,
          description: a.description,
          same_as_overall: a.sameAsOverall,
          ranking: a.ranking ? a.ranking.map((g) => g.map(id)) : null,
        }))
      : null,
  };
}

/** The "rankings" row of an item: conversation, responses, consensus order (consensusOrder) and every judgment. Ids are the items' own (external) ids. */
export function rankingsRow(item: ExportItem, options: Pick<PairOptions, 'validationShare' | 'splitBy'>): Record<string, unknown> {
  const ids = new Map(item.responses.map((r) => [r.id, responseId(r)]));
  const id = (r: string) => ids.get(r) ?? r;
  return {
    item_id: item.externalId ?? item.itemId,
    messages: item.messages,
    responses: item.responses.map((r) => ({ id: responseId(r), text: r.text, model: r.modelId })),
    consensus: consensusOrder(item).map((g) => g.map(id)),
    adjudicated: item.adjudicatedRanking !== null,
    is_gold: item.isGold,
    split: splitOf(item, options).split,
    judgments: item.judgments.map((j) => judgmentRecord(item, j, id)),
  };
}

/** Imported scores as records with a numeric value (null when the dataset's value was not a finite number), sorted by name. */
function importedScoreRecords(scores: Record<string, unknown> | null | undefined): { name: string; value: number | null }[] {
  return Object.entries(scores ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value: typeof value === 'number' && Number.isFinite(value) ? value : null }));
}

/** The "raw" rows of an item: one per judgment, with the item and responses it refers to. */
export function rawRows(item: ExportItem): Record<string, unknown>[] {
  const row = rankingsRow(item, { validationShare: 0, splitBy: 'conversation' });
  const judgments = row.judgments as Record<string, unknown>[];
  // Scores a dataset carried (issue 19) ride with their response in raw rows only: on every response,
  // as a list of {name, value} records (an object keyed by score name would make Arrow a field per name).
  const responseIds = new Map(item.responses.map((r, i) => [r.id, ((row.responses as { id: string }[])[i]?.id ?? r.id) as string]));
  const responses = item.responses.map((r, i) => ({
    ...(row.responses as object[])[i],
    imported_scores: importedScoreRecords(r.importedScores),
  }));
  return item.judgments.map((j, i) => ({
    judgment_id: j.judgmentId,
    item_id: row.item_id,
    messages: row.messages,
    responses,
    is_gold: item.isGold,
    ...judgments[i],
    // Issue 25: the assistance arm and log of the judgment's assignment (null and [] when there is none).
    assistance_arm: j.assistanceArm ?? null,
    assistance: (j.assistance ?? []).map((a) => ({
      kind: a.kind,
      task_kind: a.taskKind,
      response_id: a.responseId === null ? null : (responseIds.get(a.responseId) ?? a.responseId),
      response_label: a.responseLabel,
      claim: a.claim,
      claim_start: a.claimStart,
      claim_end: a.claimEnd,
      status: a.status,
      answer: a.answer,
      error_kind: a.errorKind,
      connection: a.connection,
      model: a.model,
      model_reported: a.modelReported,
      template_version: a.templateVersion,
      prompt_tokens: a.promptTokens,
      completion_tokens: a.completionTokens,
      latency_ms: a.latencyMs,
      requested_at: a.requestedAt,
      answered_at: a.answeredAt,
      look_ms: a.lookMs,
    })),
  }));
}

/**
 * The "sft" rows of an item: one per accepted demonstration, the conversation followed by the
 * demonstration as the assistant's reply (TRL's conversational SFT form), with the pair formats'
 * metadata. The loader gives accepted demonstrations only (the lead's edit when there is one).
 */
export function sftRows(item: ExportItem, options: Pick<PairOptions, 'validationShare' | 'splitBy'>): Record<string, unknown>[] {
  const demonstrations = item.demonstrations ?? [];
  if (demonstrations.length === 0) return [];
  const { split } = splitOf(item, options);
  return demonstrations.map((d) => ({
    messages: [...item.messages, { role: 'assistant', content: d.text }],
    item_id: item.externalId ?? item.itemId,
    demonstration_id: d.demonstrationId,
    labeler: d.labeler,
    split,
  }));
}
