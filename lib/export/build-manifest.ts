import { FORMAT_INFO } from '@/lib/export/format-fields';
import { formatSchema, type SchemaField } from '@/lib/export/format-schema';
import { PAIR_FORMATS } from '@/lib/export/types';
import type { ExportOptionsRecord } from '@/lib/export/schemas';
import type { ExportFormat } from '@/lib/export/types';
import type { ExportStats } from '@/lib/export/write-export';

/** Version of the row layouts; bumped when a format's rows change shape. */
export const EXPORT_SCHEMA_VERSION = 2;

export type SnapshotManifest = {
  schema_version: number;
  snapshot_id: string;
  project: { id: string; slug: string; name: string };
  format: ExportFormat;
  options: ExportOptionsRecord;
  file_name: string;
  rows: number;
  splits: ExportStats['splits'];
  /** Split groups (by the split key) with rows, per split. */
  groups: ExportStats['groups'];
  /** Rows left out: pairs without a computable margin (margin_missing skip), items of conversations the format left out (multi_turn skip, or "pairs" without a template). */
  skipped: ExportStats['skipped'];
  /** The columns of every row (lib/export/format-schema.ts). */
  schema: SchemaField[];
  /** The rules the rows follow (margin, ties, consensus, weight, template, split), in words; the card repeats them. */
  rules: string[];
  items: number;
  judgments: number;
  /** Over the exported items with at least two rankings: pooled strict pairs ordered alike / compared, and the mean of items' rates. */
  agreement: { pairwise: number | null; mean_item: number | null; items: number };
  sha256: string;
  bytes: number;
  created_by: { id: string; name: string } | null;
  created_at: string;
  app_version: string;
};

/** The snapshot's file name: project, format, date and the snapshot id's first 8 characters. */
export function snapshotFileName(snapshot: { id: string; projectSlug: string; format: string; createdAt: Date }): string {
  return `${snapshot.projectSlug}-${snapshot.format}-${snapshot.createdAt.toISOString().slice(0, 10)}-${snapshot.id.slice(0, 8)}.jsonl`;
}

export function buildManifest(input: {
  snapshotId: string;
  project: SnapshotManifest['project'];
  format: ExportFormat;
  options: ExportOptionsRecord;
  stats: ExportStats;
  createdBy: SnapshotManifest['created_by'];
  createdAt: Date;
  appVersion: string;
}): SnapshotManifest {
  const { stats } = input;
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10_000) / 10_000);
  return {
    schema_version: EXPORT_SCHEMA_VERSION,
    snapshot_id: input.snapshotId,
    project: input.project,
    format: input.format,
    options: input.options,
    file_name: snapshotFileName({ id: input.snapshotId, projectSlug: input.project.slug, format: input.format, createdAt: input.createdAt }),
    rows: stats.rows,
    splits: stats.splits,
    groups: stats.groups,
    skipped: stats.skipped,
    schema: formatSchema(input.format, input.options),
    rules: rowRules(input.format, input.options),
    items: stats.items,
    judgments: stats.judgments,
    agreement: {
      pairwise: round(stats.agreement.compared === 0 ? null : stats.agreement.agree / stats.agreement.compared),
      mean_item: round(stats.agreement.meanItem),
      items: stats.agreement.items,
    },
    sha256: stats.sha256,
    bytes: stats.bytes,
    created_by: input.createdBy,
    created_at: input.createdAt.toISOString(),
    app_version: input.appVersion,
  };
}

const OPTION_TEXT: Record<keyof ExportOptionsRecord, string> = {
  mode: 'pair mode',
  ties: 'tied pairs',
  margin: 'margin',
  margin_missing: 'pairs without a computable margin',
  margin_signed: 'negative margins kept',
  pair_weight: 'pair weight sums to 1 per',
  prompt_template: 'prompt template (pairs)',
  multi_turn: 'conversations in text formats',
  min_votes: 'minimum votes per pair',
  min_agreement: 'minimum item agreement',
  exclude_gold: 'gold items left out',
  exclude_flags: 'responses flagged with these left out',
  judged_from: 'judgments made at or after',
  judged_before: 'judgments made before',
  validation_share: 'validation share (by split-key hash)',
  split_by: 'split key',
};

const isPair = (format: ExportFormat) => (PAIR_FORMATS as readonly string[]).includes(format);

/** The rules the rows follow, in words, for the manifest and the card. */
export function rowRules(format: ExportFormat, options: ExportOptionsRecord): string[] {
  const rules: string[] = [];
  const split =
    options.split_by === 'first_turn' ? 'the first user turn (one opening question with different follow-ups is one group)'
    : options.split_by.startsWith('metadata:') ? `the item metadata field \`${options.split_by.slice('metadata:'.length)}\` (items without it: their conversation)`
    : 'the whole conversation';
  rules.push(`Split: by a hash of ${split}; a group never straddles train and validation.`);
  if (!isPair(format)) return rules;
  if (options.margin === 'none') rules.push('Margin: no margin column (none was asked for), so a trainer that reads `margin` trains without a margin loss.');
  else {
    const what = options.margin === 'votes' ? 'vote-share difference (chosen − rejected votes) / all votes; per-labeler rows 1.0 (0.0 for a tie)' : 'Likert difference chosen − rejected (consensus: the mean over labelers who scored both)';
    rules.push(
      `Margin: ${what}; always a float; ${options.margin_missing === 'zero' ? 'a pair without one gets 0.0' : 'a pair without one is left out and counted in the manifest'}; ${options.margin_signed ? 'negative values (scores contradicting the ranking) are kept' : 'never negative (a contradicting Likert difference is 0.0)'}.`,
    );
  }
  rules.push(
    options.ties === 'keep' ? 'Ties: kept, with `tie` true; every row carries `tie`: filter tie rows out before training a preference.' : 'Ties: never written as preferences.',
  );
  rules.push('Consensus: the pairwise majority of the rankings, grouped by its cycles; consensus pairs and the `rankings` order follow the same rule (pairs inside one group are ties).');
  if (format !== 'openai-dpo') {
    rules.push(
      options.pair_weight === 'prompt' ? 'Weight: each prompt’s rows sum to 1.' : 'Weight: each expanded ranking’s rows sum to 1 (1/its pairs); consensus rows weigh 1.',
    );
  }
  if (format === 'pairs') {
    rules.push(
      options.prompt_template === 'hh' ? 'Template: prompt = "\\n\\nHuman: <turn>" turns ending in "\\n\\nAssistant:", replies start with a space; prompt + chosen is the hh transcript.' : 'Template: none; the prompt is the bare user text (conversations are left out and counted).',
    );
  }
  if (format === 'pairs' || format === 'hh') rules.push(options.multi_turn === 'skip' ? 'Conversations: left out and counted.' : 'Conversations: rendered with the template.');
  return rules;
}

/** The dataset card (README.md) of a snapshot: what it is, how many rows, the options, agreement at export time and the fields. */
export function renderDatasetCard(manifest: SnapshotManifest): string {
  const info = FORMAT_INFO[manifest.format];
  const pct = (n: number | null) => (n === null ? 'n/a (fewer than two rankings per item)' : `${(n * 100).toFixed(1)}%`);
  const value = (v: unknown) => (v === null ? 'none' : Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : String(v));
  const lines = [
    `# ${manifest.project.name}: ${info.title}`,
    '',
    `Preference data exported from Preference Lab project \`${manifest.project.slug}\` on ${manifest.created_at}${manifest.created_by ? ` by ${manifest.created_by.name}` : ''}. ${info.summary}`,
    '',
    `- File: \`${manifest.file_name}\` (JSON Lines, ${manifest.bytes.toLocaleString('en')} bytes)`,
    `- sha256: \`${manifest.sha256}\``,
    `- Rows: ${manifest.rows.toLocaleString('en')} (train ${manifest.splits.train.toLocaleString('en')}, validation ${manifest.splits.validation.toLocaleString('en')})`,
    `- Items: ${manifest.items.toLocaleString('en')}, judgments: ${manifest.judgments.toLocaleString('en')}`,
    `- Format \`${manifest.format}\`, schema version ${manifest.schema_version}, Preference Lab ${manifest.app_version}, snapshot \`${manifest.snapshot_id}\``,
    '',
    '## Options',
    '',
    '| option | value |',
    '|---|---|',
    ...Object.entries(manifest.options).map(([k, v]) => `| ${OPTION_TEXT[k as keyof ExportOptionsRecord] ?? k} (\`${k}\`) | ${value(v)} |`),
    '',
    'Always applied: labels of labelers a lead excluded are left out, items a lead marked invalid are left out, and an adjudicated item uses the lead’s ranking alone.',
    '',
    '## Rules',
    '',
    ...manifest.rules.map((r) => `- ${r}`),
    `- Left out: ${manifest.skipped.no_margin.toLocaleString('en')} pairs without a computable margin, ${manifest.skipped.multi_turn.toLocaleString('en')} conversation items; split groups: train ${manifest.groups.train.toLocaleString('en')}, validation ${manifest.groups.validation.toLocaleString('en')}.`,
    '',
    '## Agreement at export time',
    '',
    `Pairwise ranking agreement (ties excluded) over the ${manifest.agreement.items.toLocaleString('en')} exported items with two or more rankings: pooled ${pct(manifest.agreement.pairwise)}, mean per item ${pct(manifest.agreement.mean_item)}.`,
    '',
    '## Fields',
    '',
    '| field | meaning |',
    '|---|---|',
    ...info.fields.map(([k, v]) => `| \`${k}\` | ${v} |`),
    '',
    'Labelers appear as `labeler-` followed by the first 12 hex digits of HMAC-SHA256 keyed by the project id over the user id: stable within this project, never a name or email.',
    '',
  ];
  return lines.join('\n');
}
