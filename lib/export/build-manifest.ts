import { FORMAT_INFO } from '@/lib/export/format-fields';
import type { ExportOptionsRecord } from '@/lib/export/schemas';
import type { ExportFormat } from '@/lib/export/types';
import type { ExportStats } from '@/lib/export/write-export';

/** Version of the row layouts; bumped when a format's rows change shape. */
export const EXPORT_SCHEMA_VERSION = 1;

export type SnapshotManifest = {
  schema_version: number;
  snapshot_id: string;
  project: { id: string; slug: string; name: string };
  format: ExportFormat;
  options: ExportOptionsRecord;
  file_name: string;
  rows: number;
  splits: ExportStats['splits'];
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
  min_votes: 'minimum votes per pair',
  min_agreement: 'minimum item agreement',
  exclude_gold: 'gold items left out',
  exclude_flags: 'responses flagged with these left out',
  judged_from: 'judgments made at or after',
  judged_before: 'judgments made before',
  validation_share: 'validation share (by prompt hash)',
};

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
