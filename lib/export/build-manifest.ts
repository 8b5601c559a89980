import { formatSchema, type SchemaField } from '@/lib/export/format-schema';
import { PAIR_FORMATS } from '@/lib/export/types';
import type { ExportOptionsRecord } from '@/lib/export/schemas';
import type { ExportFormat, Split } from '@/lib/export/types';
import type { ExportStats } from '@/lib/export/write-export';
import type { HealthReport } from '@/lib/health/types';

/** Version of the row layouts; bumped when a format's rows change shape. */
export const EXPORT_SCHEMA_VERSION = 2;

/** A file of the dataset folder. `offset` (stored manifest only) is where its bytes start in the zip. */
export type SnapshotFile = { path: string; split: Split | null; rows: number | null; bytes: number; sha256: string; offset?: number };

/** What the dataset card says about where the data come from (lib/export/load-card-context.ts). */
export type ManifestDataset = {
  /** Hugging Face licence ids: the project's setting, then those the imported items declare ("unknown" when none). */
  license: string[];
  /** ISO 639 codes the project lead set (none: not declared). */
  languages: string[];
  /** Datasets the items were imported from, as their metadata names them, with their declared licence. */
  source_datasets: { name: string; license: string | null }[];
  /** Distinct labelers (pseudonyms, "adjudication" included) behind the exported rows. */
  labelers: number;
  /** Model ids of the exported items' responses. */
  models: string[];
};

export type SnapshotManifest = {
  schema_version: number;
  snapshot_id: string;
  project: { id: string; slug: string; name: string };
  format: ExportFormat;
  options: ExportOptionsRecord;
  /** "zip": the download is the dataset folder (data shards, README.md, manifest.json). Snapshots made before it have no `container`: one JSON Lines file. */
  container: 'zip';
  /** The download's file name, size and sha256 (the zip). */
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
  dataset: ManifestDataset;
  /** Pair formats (snapshots made since issue 28): what predicts the chosen response besides its quality (lib/health). */
  health?: HealthReport;
  /** The data shards, then README.md (and, in the stored manifest, manifest.json itself). */
  files: SnapshotFile[];
  sha256: string;
  bytes: number;
  created_by: { id: string; name: string } | null;
  created_at: string;
  app_version: string;
};

/** manifest.json inside the folder: everything but what describes the archive that holds it. */
export type FolderManifest = Omit<SnapshotManifest, 'file_name' | 'sha256' | 'bytes'>;

/** The snapshot's file name: project, format, date and the snapshot id's first 8 characters (.jsonl for snapshots made before the folder). */
export function snapshotFileName(snapshot: {
  id: string;
  projectSlug: string;
  format: string;
  createdAt: Date;
  container?: string | null;
}): string {
  const ext = snapshot.container === 'zip' ? 'zip' : 'jsonl';
  return `${snapshot.projectSlug}-${snapshot.format}-${snapshot.createdAt.toISOString().slice(0, 10)}-${snapshot.id.slice(0, 8)}.${ext}`;
}

/** The manifest of a snapshot's folder, before the zip exists (no archive size or sha256 yet). */
export function buildManifest(input: {
  snapshotId: string;
  project: SnapshotManifest['project'];
  format: ExportFormat;
  options: ExportOptionsRecord;
  stats: ExportStats;
  dataset: ManifestDataset;
  files: SnapshotFile[];
  createdBy: SnapshotManifest['created_by'];
  createdAt: Date;
  appVersion: string;
  health?: HealthReport;
}): FolderManifest {
  const { stats } = input;
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10_000) / 10_000);
  return {
    schema_version: EXPORT_SCHEMA_VERSION,
    snapshot_id: input.snapshotId,
    project: input.project,
    format: input.format,
    options: input.options,
    container: 'zip',
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
    dataset: input.dataset,
    ...(input.health ? { health: input.health } : {}),
    files: input.files,
    created_by: input.createdBy,
    created_at: input.createdAt.toISOString(),
    app_version: input.appVersion,
  };
}

const isPair = (format: ExportFormat) => (PAIR_FORMATS as readonly string[]).includes(format);

/** The rules the rows follow, in words, for the manifest and the card. */
export function rowRules(format: ExportFormat, options: ExportOptionsRecord): string[] {
  const rules: string[] = [];
  const split =
    options.split_by === 'first_turn'
      ? 'the first user turn (one opening question with different follow-ups is one group)'
      : options.split_by.startsWith('metadata:')
        ? `the item metadata field \`${options.split_by.slice('metadata:'.length)}\` (items without it: their conversation)`
        : 'the whole conversation';
  rules.push(`Split: by a hash of ${split}; a group never straddles train and validation.`);
  if (format === 'trl-stepwise' || format === 'prm800k') rules.push(...stepRules(format, options));
  if (options.aspect) {
    rules.push(
      `Aspect: \`${options.aspect}\`. Each judgment's ranking is its answer for this aspect ("same as overall" resolves to the overall ranking); judgments that did not answer it and a lead's (overall) adjudication are left out.`,
    );
  }
  if (format === 'kto') rules.push(...ktoRules(options));
  if (!isPair(format)) return rules;
  if (options.margin === 'none')
    rules.push('Margin: no margin column (none was asked for), so a trainer that reads `margin` trains without a margin loss.');
  else {
    const what =
      options.margin === 'votes'
        ? 'vote-share difference (chosen − rejected votes) / all votes; per-labeler rows 1.0 (0.0 for a tie)'
        : 'Likert difference chosen − rejected (consensus: the mean over labelers who scored both)';
    rules.push(
      `Margin: ${what}; always a float; ${options.margin_missing === 'zero' ? 'a pair without one gets 0.0' : 'a pair without one is left out and counted in the manifest'}; ${options.margin_signed ? 'negative values (scores contradicting the ranking) are kept' : 'never negative (a contradicting Likert difference is 0.0)'}.`,
    );
  }
  rules.push(
    options.ties === 'keep'
      ? 'Ties: kept, with `tie` true; every row carries `tie`: filter tie rows out before training a preference.'
      : 'Ties: never written as preferences.',
  );
  rules.push(
    'Consensus: the pairwise majority of the rankings, grouped by its cycles; consensus pairs and the `rankings` order follow the same rule (pairs inside one group are ties).',
  );
  if (format !== 'openai-dpo') {
    rules.push(
      options.pair_weight === 'prompt'
        ? 'Weight: each prompt’s rows sum to 1.'
        : 'Weight: each expanded ranking’s rows sum to 1 (1/its pairs); consensus rows weigh 1.',
    );
  }
  if (format === 'pairs') {
    rules.push(
      options.prompt_template === 'hh'
        ? 'Template: the prompt is the conversation as `\\n\\nHuman: …` and `\\n\\nAssistant: …` turns ending in `\\n\\nAssistant:`, and replies start with a space; prompt + chosen is the hh transcript.'
        : 'Template: none; the prompt is the bare user text (conversations are left out and counted).',
    );
  }
  if (format === 'pairs' || format === 'hh')
    rules.push(options.multi_turn === 'skip' ? 'Conversations: left out and counted.' : 'Conversations: rendered with the template.');
  return rules;
}

/** The step formats' rules (issue 27): the neutral rule, what a row is, consensus. */
function stepRules(format: 'trl-stepwise' | 'prm800k', options: ExportOptionsRecord): string[] {
  if (format === 'prm800k')
    return [
      'Rows: one per step labelling (per labeler), as in PRM800K; ratings −1 (wrong or misleading), 0 (fine but no progress), +1 (correct and useful); a labelling stopped at the first error has steps up to it.',
    ];
  const neutral = (options.neutral_as ?? 'true') === 'true';
  return [
    `Neutral rule: a neutral (0) step is labelled ${neutral ? 'true (it counts as correct)' : 'false (it counts as incorrect)'}; +1 is true and −1 false.`,
    options.mode === 'consensus'
      ? 'Consensus: one row per solution; each step takes the rating most of its labelers gave, and the row stops before the first step without a majority (a tie, or nobody rated it).'
      : 'Rows: one per step labelling (per labeler); a labelling stopped at the first error has steps up to it.',
  ];
}

/** How KTO labels were read (issue 27), in words. */
function ktoRules(options: ExportOptionsRecord): string[] {
  const per = options.mode === 'consensus' ? 'consensus' : 'per-labeler';
  const labels =
    options.kto_source === 'likert'
      ? `Labels from Likert scores (${per === 'consensus' ? 'the mean over labelers who scored the response' : 'each labeler\u2019s score'}): desirable (true) at ${options.kto_desirable_min} or above, undesirable (false) at ${options.kto_undesirable_max} or below; responses scored between are left out.`
      : `Labels from rankings (${per === 'consensus' ? 'the consensus order' : 'each labeler\u2019s ranking'}): the top tie group desirable (true), the bottom tie group undesirable (false), the groups between left out; a ranking of one group and "all unacceptable" give no rows.`;
  return per === 'consensus'
    ? [labels]
    : [labels, 'KTO rows are unpaired: a response may be desirable in one labeler\u2019s row and undesirable in another\u2019s.'];
}
