import { stringify as stringifyYaml } from 'yaml';
import type { FolderManifest } from '@/lib/export/build-manifest';
import { FORMAT_INFO } from '@/lib/export/format-fields';
import { toHfFeatures } from '@/lib/export/format-schema';
import { renderHealthMarkdown } from '@/lib/health/render-health';
import type { ExportOptionsRecord } from '@/lib/export/schemas';
import type { ShardEncoder } from '@/lib/export/shard-encoder';
import type { ExportFormat } from '@/lib/export/types';
import type { TFlagDefinition } from '@/lib/taxonomy/schemas';

/** What the card says beyond the manifest: the project's words (escaped here, never trusted as Markdown or HTML). */
export type CardContext = {
  guidelines: string;
  taxonomyVersion: number;
  responseFlags: TFlagDefinition[];
  promptFlags: TFlagDefinition[];
  encoder: Pick<ShardEncoder, 'ext' | 'builder'>;
};

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
  file_format: 'data file format (jsonl or parquet)',
  include_judge: 'AI judge pairs included (rows marked source: judge)',
  aspect: 'aspect whose rankings the rows are built from',
  kto_source: 'KTO labels from (ranking: top vs bottom group; likert: thresholds)',
  kto_desirable_min: 'KTO: Likert score at or above which a response is desirable',
  kto_undesirable_max: 'KTO: Likert score at or below which a response is undesirable',
  neutral_as: 'a neutral (0) step labelled as (trl-stepwise)',
};

/**
 * Text a person typed, as Markdown that renders as exactly that text: HTML's `<`, `>`, `&` become
 * entities; the marks Markdown (with the Hub's GitHub tables and math) reads as syntax, emphasis,
 * links, images, tables, headings, code, strikethrough and `$` math, are backslash-escaped, and a
 * bare URL's `:` or `www.` is an entity (a renderer may still show it as a link, with the same
 * characters, as GitHub does with any text); line breaks
 * become spaces, so the text stays in its table cell or line.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\r\n\u2028\u2029]+/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]#!|~$]/g, (c) => `\\${c}`)
      // A bare URL stays text to the parser (GitHub may still link it after decoding, showing the same characters).
      .replace(/\b(https?|ftp|mailto):/gi, '$1&#58;')
      .replace(/\b(www)\./gi, '$1&#46;')
  );
}

/** A block of text shown verbatim: a fenced code block whose fence is longer than any backtick run inside. */
export function verbatimBlock(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text.replace(/\r\n?/g, '\n').replace(/\n+$/, '')}\n${fence}`;
}

/** A YAML scalar: JSON's double-quoted string is valid YAML, so nothing typed can break out of it. */
const yamlString = (s: string) => JSON.stringify(s);

/** The Hub's size_categories bucket for a row count. */
export function sizeCategory(rows: number): string {
  const buckets: [number, string][] = [
    [1_000, 'n<1K'],
    [10_000, '1K<n<10K'],
    [100_000, '10K<n<100K'],
    [1_000_000, '100K<n<1M'],
    [10_000_000, '1M<n<10M'],
    [100_000_000, '10M<n<100M'],
    [1_000_000_000, '100M<n<1B'],
  ];
  return buckets.find(([limit]) => rows < limit)?.[1] ?? 'n>1T';
}

const TASK_CATEGORY: Record<ExportFormat, string> = {
  pairs: 'text-generation',
  'pairs-chat': 'text-generation',
  hh: 'text-generation',
  'openai-dpo': 'text-generation',
  'axolotl-dpo': 'text-generation',
  openrlhf: 'text-generation',
  rankings: 'text-generation',
  raw: 'text-generation',
  sft: 'text-generation',
  perturbations: 'text-classification',
  'detect-trials': 'text-classification',
  judge: 'text-generation',
  kto: 'text-generation',
  'trl-stepwise': 'text-classification',
  prm800k: 'text-classification',
  arena: 'text-generation',
};

/** The Hugging Face YAML front matter: licence, languages, task, size, and one config whose data_files name each split that has rows. */
function frontMatter(manifest: FolderManifest, context: CardContext): string[] {
  const list = (key: string, values: string[]) => (values.length === 0 ? [] : [`${key}:`, ...values.map((v) => `- ${yamlString(v)}`)]);
  const splits = (['train', 'validation'] as const).filter((split) => manifest.splits[split] > 0);
  return [
    '---',
    ...list('license', manifest.dataset.license),
    ...list('language', manifest.dataset.languages),
    ...list('task_categories', [TASK_CATEGORY[manifest.format]]),
    ...list('tags', [
      'preference-lab',
      'human-feedback',
      ...(manifest.format === 'perturbations' || manifest.format === 'detect-trials' ? ['critique'] : ['rlhf', 'preference']),
    ]),
    ...list('size_categories', [sizeCategory(manifest.rows)]),
    `pretty_name: ${yamlString(`${manifest.project.name}: ${FORMAT_INFO[manifest.format].title}`)}`,
    ...(splits.length === 0
      ? []
      : [
          'configs:',
          '- config_name: default',
          '  data_files:',
          ...splits.flatMap((split) => [`  - split: ${split}`, `    path: ${yamlString(`data/${split}-*.${context.encoder.ext}`)}`]),
        ]),
    // Declared column types (format-schema.ts), so `datasets` gives every split and every chunk one schema
    // instead of inferring it per JSON block (a block whose lists are all empty would read as list<null>).
    ...stringifyYaml({ dataset_info: { features: toHfFeatures(manifest.schema) } })
      .trimEnd()
      .split('\n'),
    '---',
  ];
}

/** How to load the folder, and the trainer that reads this format. */
function loaderSnippet(manifest: FolderManifest, context: CardContext): string[] {
  const trl: Partial<Record<ExportFormat, string[]>> = {
    pairs: [
      'from trl import RewardConfig, RewardTrainer  # or DPOConfig, DPOTrainer',
      'trainer = RewardTrainer(model=model, args=RewardConfig(output_dir="rm"), train_dataset=ds["train"], eval_dataset=ds.get("validation"), processing_class=tokenizer)',
    ],
    'pairs-chat': [
      'from trl import DPOConfig, DPOTrainer  # or RewardConfig, RewardTrainer',
      'trainer = DPOTrainer(model=model, args=DPOConfig(output_dir="dpo"), train_dataset=ds["train"], eval_dataset=ds.get("validation"), processing_class=tokenizer)',
    ],
    hh: [
      'from trl import RewardConfig, RewardTrainer  # implicit prompt: the shared transcript prefix',
      'trainer = RewardTrainer(model=model, args=RewardConfig(output_dir="rm"), train_dataset=ds["train"], eval_dataset=ds.get("validation"), processing_class=tokenizer)',
    ],
    kto: [
      'from trl import KTOConfig, KTOTrainer  # unpaired preference: prompt, completion, label',
      'trainer = KTOTrainer(model=model, args=KTOConfig(output_dir="kto"), train_dataset=ds["train"], eval_dataset=ds.get("validation"), processing_class=tokenizer)',
    ],
    sft: [
      'from trl import SFTConfig, SFTTrainer',
      'trainer = SFTTrainer(model=model, args=SFTConfig(output_dir="sft"), train_dataset=ds["train"], eval_dataset=ds.get("validation"), processing_class=tokenizer)',
    ],
  };
  const splits = (['train', 'validation'] as const).filter((split) => manifest.splits[split] > 0);
  const { builder, ext } = context.encoder;
  // The same files without the card's configs: the `datasets` builder of the encoding and the shards' glob per split.
  const direct =
    splits.length === 0
      ? []
      : [
          `# or, the files alone: ds = load_dataset("${builder}", data_files={${splits.map((split) => `"${split}": "data/${split}-*.${ext}"`).join(', ')}})`,
        ];
  const lines = [
    '```python',
    'from datasets import load_dataset',
    '',
    'ds = load_dataset("path/to/this/folder")  # or the Hub repository you upload it to',
    ...direct,
    ...(trl[manifest.format] ? ['', ...trl[manifest.format]!] : []),
    '```',
  ];
  if (manifest.format === 'openai-dpo') {
    lines.push(
      '',
      `OpenAI preference fine-tuning takes one file per purpose: upload \`data/train-*.${context.encoder.ext}\` as the training file and \`data/validation-*.${context.encoder.ext}\` as the validation file.`,
    );
  }
  return lines;
}

/**
 * The dataset card (README.md of the folder): Hugging Face YAML front matter, then what the data
 * are, where they come from, how they were collected (guidelines, taxonomy, labelers, models,
 * agreement), the options, the fields, known limitations and how to load them. Everything a
 * person typed is escaped (escapeMarkdown, verbatimBlock) so a Markdown renderer shows it as text.
 */
export function renderDatasetCard(manifest: FolderManifest, context: CardContext): string {
  const info = FORMAT_INFO[manifest.format];
  const n = (x: number) => x.toLocaleString('en');
  const pct = (x: number | null) => (x === null ? 'n/a (fewer than two rankings per item)' : `${(x * 100).toFixed(1)}%`);
  const value = (v: unknown) => escapeMarkdown(v === null ? 'none' : Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : String(v));
  const { dataset } = manifest;
  const flagRows = (flags: TFlagDefinition[]) =>
    flags.map((f) => `| \`${f.key}\` | ${escapeMarkdown(f.label)} | ${f.description ? escapeMarkdown(f.description) : '—'} |`);
  const validationNote =
    manifest.splits.validation === 0 && manifest.rows > 0
      ? [
          `- The validation split is empty: it takes the prompts whose hash falls below the validation share (${manifest.options.validation_share}), and with ${n(manifest.items)} exported items none did. Export more prompts or raise the share.`,
        ]
      : [];
  const lines = [
    ...frontMatter(manifest, context),
    '',
    `# ${escapeMarkdown(manifest.project.name)}: ${info.title}`,
    '',
    `Preference data exported from Preference Lab project \`${manifest.project.slug}\` on ${manifest.created_at}${manifest.created_by ? ` by ${escapeMarkdown(manifest.created_by.name)}` : ''}. ${info.summary}`,
    '',
    `- Rows: ${n(manifest.rows)} (train ${n(manifest.splits.train)}, validation ${n(manifest.splits.validation)}) from ${n(manifest.items)} items and ${n(manifest.judgments)} judgments`,
    `- Format \`${manifest.format}\`, schema version ${manifest.schema_version}, Preference Lab ${manifest.app_version}, snapshot \`${manifest.snapshot_id}\``,
    ...(manifest.rows === 0
      ? [
          context.encoder.ext === 'parquet'
            ? '- This snapshot holds no rows: its data files are Parquet files of zero rows, which still declare the columns.'
            : '- This snapshot holds no rows: its data files are empty, and `datasets` cannot infer a schema from an empty file.',
        ]
      : []),
    '',
    '## Files',
    '',
    '| file | split | rows | bytes | sha256 |',
    '|---|---|---|---|---|',
    ...manifest.files
      .filter((f) => f.split !== null)
      .map((f) => `| \`${f.path}\` | ${f.split} | ${n(f.rows ?? 0)} | ${n(f.bytes)} | \`${f.sha256}\` |`),
    '',
    context.encoder.ext === 'parquet'
      ? 'The data files are Parquet (Snappy-compressed, row groups of 2,000 rows), every file with the same column types: the format’s schema in `manifest.json`, not types guessed from the rows.'
      : 'The data files are JSON Lines: one row a line, UTF-8.',
    '',
    '`manifest.json` lists these files with this card. The sha256 of the whole download is in the snapshot’s stored manifest (Export page and API): a file cannot hold its own checksum.',
    '',
    '## Loading',
    '',
    ...loaderSnippet(manifest, context),
    '',
    '## Source data',
    '',
    dataset.source_datasets.length > 0
      ? `Items imported from: ${dataset.source_datasets.map((s) => `${escapeMarkdown(s.name)} (licence: ${s.license ? escapeMarkdown(s.license) : 'not declared'})`).join('; ')}.`
      : 'The items carry no source dataset in their import metadata.',
    '',
    `- Licence: ${dataset.license.map(escapeMarkdown).join(', ')}${dataset.license.includes('unknown') ? ' (the project lead has not set one, and no imported item declares one)' : ''}`,
    `- Languages: ${dataset.languages.length > 0 ? dataset.languages.map(escapeMarkdown).join(', ') : 'not declared by the project lead'}`,
    `- Models of the responses: ${dataset.models.length > 0 ? dataset.models.map(escapeMarkdown).join(', ') : 'none recorded'}`,
    '',
    '## Collection',
    '',
    `${n(dataset.labelers)} labelers (pseudonymous; a lead’s adjudication counts as one) gave the ${n(manifest.judgments)} judgments behind these rows. Labelers appear as \`labeler-\` followed by the first 12 hex digits of HMAC-SHA256 keyed by the project id over the user id: stable within this project, never a name or email.`,
    '',
    '### Agreement at export time',
    '',
    `Pairwise ranking agreement (ties excluded) over the ${n(manifest.agreement.items)} exported items with two or more rankings: pooled ${pct(manifest.agreement.pairwise)}, mean per item ${pct(manifest.agreement.mean_item)}.`,
    '',
    '### Guidelines labelers read',
    '',
    context.guidelines.trim() ? verbatimBlock(context.guidelines) : 'The project has no written guidelines.',
    '',
    `### Flag taxonomy (version ${context.taxonomyVersion}, current at export time)`,
    '',
    ...(context.responseFlags.length > 0
      ? ['Response flags:', '', '| key | label | definition |', '|---|---|---|', ...flagRows(context.responseFlags), '']
      : []),
    ...(context.promptFlags.length > 0
      ? ['Prompt flags:', '', '| key | label | definition |', '|---|---|---|', ...flagRows(context.promptFlags), '']
      : []),
    '## Options',
    '',
    '| option | value |',
    '|---|---|',
    ...Object.entries(manifest.options).map(
      ([k, v]) => `| ${OPTION_TEXT[k as keyof ExportOptionsRecord] ?? escapeMarkdown(k)} (\`${k}\`) | ${value(v)} |`,
    ),
    '',
    'Always applied: labels of labelers a lead excluded are left out, items a lead marked invalid are left out, and an adjudicated item uses the lead’s ranking alone.',
    '',
    '## Rules',
    '',
    ...manifest.rules.map((r) => `- ${r}`),
    `- Left out: ${n(manifest.skipped.no_margin)} pairs without a computable margin, ${n(manifest.skipped.multi_turn)} conversation items; split groups: train ${n(manifest.groups.train)}, validation ${n(manifest.groups.validation)}.`,
    '',
    '## Fields',
    '',
    '| field | meaning |',
    '|---|---|',
    ...info.fields.map(([k, v]) => `| \`${k}\` | ${v} |`),
    '',
    ...(manifest.health
      ? [
          renderHealthMarkdown(manifest.health, { heading: '## Dataset health', escape: escapeMarkdown }),
          'Thresholds and methods: docs/decisions.md (issue 28). The same figures are under `health` in `manifest.json`.',
          '',
        ]
      : []),
    '## Known limitations',
    '',
    manifest.options.split_by === 'conversation'
      ? '- The split is by a hash of the whole conversation: the same conversation never lands in both splits, but near-duplicates (one opening question with different follow-ups) can; split by the first turn or a metadata field to keep them together.'
      : '- The split is by a hash of the split key above: items sharing it never straddle the splits.',
    ...validationNote,
    '- Labels are the judgments of a small pool of labelers: their agreement above bounds how far a model can learn their preferences.',
    `- Responses were shown in a shuffled order; position and length preferences of labelers are not corrected for${manifest.health ? ' (the Dataset health section measures them)' : ''}.`,
    '- A judgment marked "all unacceptable" states no order and gives no pairs.',
    '',
  ];
  return lines.join('\n');
}
