import { z } from 'zod';
import { ZAspectName } from '@/lib/aspects/schemas';
import { DEFAULT_KTO_OPTIONS, type KtoOptions } from '@/lib/export/kto-rows';
import { METADATA_SPLIT, SPLIT_KEYS } from '@/lib/export/split';
import { EXPORT_FORMATS, PAIR_FORMATS, type ExportFormat, type PairOptions } from '@/lib/export/types';

const blank = (value: unknown) => (value === '' || value === null ? undefined : value);
/** JSON booleans, and what forms and CLIs send: a ticked checkbox ("on"), "1"/"0", "true"/"false". */
const booleanish = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value ?? undefined;
    if (['on', '1', 'true', 'yes'].includes(value.toLowerCase())) return true;
    if (['', '0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
    return value;
  },
  z.boolean({ message: 'must be true or false' }).default(false),
);

/** The encodings of an export's data files: JSON Lines (one row a line) or Parquet (typed columns, lib/export/parquet-encoder.ts). */
export const FILE_FORMATS = ['jsonl', 'parquet'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A UTC day (YYYY-MM-DD) or an ISO date-time with a zone. */
const ZDateBound = z.preprocess(
  blank,
  z
    .string()
    .trim()
    .refine(
      (v) =>
        (DATE.test(v) || /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/.test(v)) &&
        !Number.isNaN(Date.parse(DATE.test(v) ? `${v}T00:00:00Z` : v)),
      {
        message: 'must be a date (YYYY-MM-DD) or an ISO date-time with a time zone',
      },
    )
    .optional(),
);

const ZFlagKeys = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : (value ?? undefined),
  z
    .array(z.string().regex(/^[a-z0-9_]{1,60}$/, { message: 'a flag key is lower-case letters, digits and underscores' }))
    .max(80)
    .default([]),
);

/**
 * What a researcher asks for, the same from the Export page (form fields), the HTTP API (JSON)
 * and the CLI (flags): snake_case keys as in the manifest. Unknown keys are refused so a typo in
 * an API call is not silently ignored.
 */
const exportFields = {
  format: z.enum(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` }),
  mode: z.preprocess(
    blank,
    z.enum(['per-labeler', 'consensus'], { message: 'mode must be per-labeler or consensus' }).default('per-labeler'),
  ),
  ties: z.preprocess(blank, z.enum(['drop', 'keep'], { message: 'ties must be drop or keep' }).default('drop')),
  margin: z.preprocess(blank, z.enum(['none', 'votes', 'likert'], { message: 'margin must be none, votes or likert' }).default('none')),
  margin_missing: z.preprocess(blank, z.enum(['skip', 'zero'], { message: 'margin_missing must be skip or zero' }).default('skip')),
  margin_signed: booleanish,
  pair_weight: z.preprocess(blank, z.enum(['ranking', 'prompt'], { message: 'pair_weight must be ranking or prompt' }).default('ranking')),
  prompt_template: z.preprocess(blank, z.enum(['hh', 'none'], { message: 'prompt_template must be hh or none' }).default('hh')),
  multi_turn: z.preprocess(blank, z.enum(['render', 'skip'], { message: 'multi_turn must be render or skip' }).default('render')),
  split_by: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .refine((v) => (SPLIT_KEYS as readonly string[]).includes(v) || METADATA_SPLIT.test(v), {
        message: 'split_by must be conversation, first_turn or metadata:<field> (letters, digits, _ . -)',
      })
      .default('conversation'),
  ),
  min_votes: z.preprocess(
    blank,
    z.coerce
      .number({ message: 'must be a number' })
      .int({ message: 'must be a whole number' })
      .min(1, { message: 'must be at least 1' })
      .max(1000)
      .default(1),
  ),
  min_agreement: z.preprocess(
    blank,
    z.coerce
      .number({ message: 'must be a number' })
      .min(0, { message: 'must be between 0 and 1' })
      .max(1, { message: 'must be between 0 and 1' })
      .nullable()
      .default(null),
  ),
  exclude_gold: booleanish,
  exclude_flags: ZFlagKeys,
  from: ZDateBound,
  to: ZDateBound,
  validation_share: z.preprocess(
    blank,
    z.coerce
      .number({ message: 'must be a number' })
      .min(0, { message: 'must be between 0 and 1' })
      .max(1, { message: 'must be between 0 and 1' })
      .default(0.1),
  ),
  file_format: z.preprocess(blank, z.enum(FILE_FORMATS, { message: 'file_format must be jsonl or parquet' }).default('jsonl')),
  /** Issue 25: pair formats also carry the AI judge's pairs, every row marked "source" (off by default). */
  include_judge: booleanish,
  /** Issue 27: build the rows from this aspect's rankings ("same as overall" resolves to the overall ranking). */
  aspect: z.preprocess(blank, ZAspectName.optional()),
  /** Issue 27, format kto: labels from rankings (top group vs bottom group) or from Likert thresholds. */
  kto_source: z.preprocess(blank, z.enum(['ranking', 'likert'], { message: 'kto_source must be ranking or likert' }).default('ranking')),
  /** kto from Likert: a score at or above it is desirable. */
  kto_desirable_min: z.preprocess(
    blank,
    z.coerce
      .number({ message: 'must be a number' })
      .int({ message: 'must be a whole number' })
      .min(1, { message: 'must be a Likert score from 1 to 7' })
      .max(7, { message: 'must be a Likert score from 1 to 7' })
      .default(DEFAULT_KTO_OPTIONS.desirableMin),
  ),
  /** kto from Likert: a score at or below it is undesirable (scores between are left out). */
  kto_undesirable_max: z.preprocess(
    blank,
    z.coerce
      .number({ message: 'must be a number' })
      .int({ message: 'must be a whole number' })
      .min(1, { message: 'must be a Likert score from 1 to 7' })
      .max(7, { message: 'must be a Likert score from 1 to 7' })
      .default(DEFAULT_KTO_OPTIONS.undesirableMax),
  ),
  /** Step formats (issue 27): what a neutral (0) step becomes in boolean labels. */
  neutral_as: z.preprocess(blank, z.enum(['true', 'false'], { message: 'neutral_as must be true or false' }).default('true')),
};

/** Formats whose rows come from rankings, so an aspect's rankings can stand in (issue 27). */
const ASPECT_FORMATS: readonly ExportFormat[] = ['pairs', 'pairs-chat', 'hh', 'openai-dpo', 'axolotl-dpo', 'openrlhf', 'rankings', 'kto'];

function checkDates(
  v: {
    from?: string | undefined;
    to?: string | undefined;
    format: ExportFormat;
    file_format?: string;
    include_judge?: boolean;
    aspect?: string | undefined;
    kto_source: string;
    kto_desirable_min: number;
    kto_undesirable_max: number;
  },
  ctx: z.RefinementCtx,
) {
  if (v.from && v.to && startOf(v.from) >= endOf(v.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after "from"' });
  if (v.include_judge && (!(PAIR_FORMATS as readonly string[]).includes(v.format ?? '') || v.format === 'openai-dpo'))
    ctx.addIssue({
      code: 'custom',
      path: ['include_judge'],
      message: 'judge pairs go only in a pair format with a source field (not openai-dpo)',
    });
  if (v.include_judge && v.file_format === 'parquet')
    ctx.addIssue({ code: 'custom', path: ['include_judge'], message: 'judge pairs are written in jsonl files only' });
  if (v.aspect && !ASPECT_FORMATS.includes(v.format))
    ctx.addIssue({
      code: 'custom',
      path: ['aspect'],
      message: `aspect applies to ${ASPECT_FORMATS.join(', ')}; raw rows carry every aspect in their "aspects" field`,
    });
  if (v.aspect && v.format === 'kto' && v.kto_source === 'likert')
    ctx.addIssue({
      code: 'custom',
      path: ['aspect'],
      message: 'aspect needs kto_source ranking: Likert scores are given overall, not per aspect',
    });
  if (v.format === 'kto' && v.kto_source === 'likert' && v.kto_undesirable_max >= v.kto_desirable_min)
    ctx.addIssue({ code: 'custom', path: ['kto_undesirable_max'], message: 'must be below kto_desirable_min' });
}

export const ZExportRequest = z.object(exportFields).strict().superRefine(checkDates);
export type TExportRequest = z.infer<typeof ZExportRequest>;

/** The Export page's form: the same fields and the project it posts for. */
export const ZExportForm = z.object({ ...exportFields, projectId: z.string() }).superRefine(checkDates);

const startOf = (bound: string) => new Date(DATE.test(bound) ? `${bound}T00:00:00Z` : bound);
/** A day includes all of it: "to" 2026-01-31 means before 2026-02-01T00:00Z. */
const endOf = (bound: string) => (DATE.test(bound) ? new Date(Date.parse(`${bound}T00:00:00Z`) + 86_400_000) : new Date(bound));

/** The options a snapshot records (its manifest's "options"), canonical: dates as instants, ties dropped where the format cannot say "tie". */
export type ExportOptionsRecord = {
  mode: PairOptions['mode'];
  ties: PairOptions['ties'];
  margin: PairOptions['margin'];
  /** A pair without a computable margin: left out and counted, or 0.0. */
  margin_missing: PairOptions['marginMissing'];
  /** Negative margins kept (otherwise 0.0). */
  margin_signed: boolean;
  pair_weight: PairOptions['pairWeight'];
  prompt_template: PairOptions['promptTemplate'];
  multi_turn: PairOptions['multiTurn'];
  min_votes: number;
  min_agreement: number | null;
  exclude_gold: boolean;
  exclude_flags: string[];
  /** Judgments made at or after this instant. */
  judged_from: string | null;
  /** Judgments made before this instant. */
  judged_before: string | null;
  validation_share: number;
  /** The split's grouping key: conversation, first_turn or metadata:<field>. */
  split_by: string;
  /** The data files' encoding: jsonl or parquet (records from before the option read as jsonl). */
  file_format: FileFormat;
  /** Present (true) only when the AI judge's pairs are included (issue 25). */
  include_judge?: true;
  /** Issue 27: the aspect whose rankings the rows are built from; absent: the overall ranking. */
  aspect?: string;
  /** Issue 27, kto only: where the labels come from (ranking: top vs bottom group; likert: the thresholds below). */
  kto_source?: KtoOptions['source'];
  kto_desirable_min?: number;
  kto_undesirable_max?: number;
  /** Step formats: a neutral step's boolean label (true: counts as correct); records from before read as true. */
  neutral_as?: 'true' | 'false';
};

/** Everything a build needs, derived from a request or from a stored snapshot's options. */
export type ExportSettings = {
  format: ExportFormat;
  pair: PairOptions;
  judgedFrom: string | null;
  judgedBefore: string | null;
  record: ExportOptionsRecord;
  /** Issue 27: the aspect the rows read (null: the overall ranking) and, for kto, how labels are read. */
  aspect: string | null;
  kto: KtoOptions;
};

const FORMATS_WITH_TIES: ExportFormat[] = ['pairs', 'pairs-chat'];
/** openai-dpo rows can carry no labeler field, so per-labeler rows would be duplicate and contradictory preferences: consensus only. */
const CONSENSUS_ONLY: ExportFormat[] = ['openai-dpo'];

/** The settings of a parsed request. */
export function toExportSettings(request: TExportRequest): ExportSettings {
  const record: ExportOptionsRecord = {
    // prm800k rows are one labelling each, as in PRM800K.
    mode: CONSENSUS_ONLY.includes(request.format) ? 'consensus' : request.format === 'prm800k' ? 'per-labeler' : request.mode,
    ties: FORMATS_WITH_TIES.includes(request.format) ? request.ties : 'drop',
    margin: request.margin,
    margin_missing: request.margin_missing,
    margin_signed: request.margin_signed,
    pair_weight: request.pair_weight,
    prompt_template: request.prompt_template,
    multi_turn: request.multi_turn,
    min_votes: request.min_votes,
    min_agreement: request.min_agreement,
    exclude_gold: request.exclude_gold,
    exclude_flags: [...new Set(request.exclude_flags)].sort(),
    judged_from: request.from ? startOf(request.from).toISOString() : null,
    judged_before: request.to ? endOf(request.to).toISOString() : null,
    validation_share: request.validation_share,
    split_by: request.split_by,
    file_format: request.file_format,
    ...(request.include_judge ? { include_judge: true as const } : {}),
    // Issue 27: recorded only when they apply, so other snapshots' records are as they were.
    ...(request.aspect ? { aspect: request.aspect } : {}),
    ...(request.format === 'kto'
      ? {
          kto_source: request.kto_source,
          ...(request.kto_source === 'likert'
            ? { kto_desirable_min: request.kto_desirable_min, kto_undesirable_max: request.kto_undesirable_max }
            : {}),
        }
      : {}),
    ...(request.format === 'trl-stepwise' ? { neutral_as: request.neutral_as } : {}),
  };
  return settingsFromRecord(request.format, record);
}

/** The settings of a stored snapshot (the build reads them back from its row). */
export function settingsFromRecord(format: ExportFormat, record: ExportOptionsRecord): ExportSettings {
  return {
    format,
    record: { ...record, file_format: record.file_format ?? 'jsonl' },
    judgedFrom: record.judged_from,
    judgedBefore: record.judged_before,
    aspect: record.aspect ?? null,
    kto: {
      source: record.kto_source ?? DEFAULT_KTO_OPTIONS.source,
      desirableMin: record.kto_desirable_min ?? DEFAULT_KTO_OPTIONS.desirableMin,
      undesirableMax: record.kto_undesirable_max ?? DEFAULT_KTO_OPTIONS.undesirableMax,
    },
    pair: {
      mode: record.mode,
      ties: record.ties,
      margin: record.margin,
      // Records written before these options existed read as their old behaviour's closest setting.
      marginMissing: record.margin_missing ?? 'skip',
      marginSigned: record.margin_signed ?? false,
      pairWeight: record.pair_weight ?? 'ranking',
      promptTemplate: record.prompt_template ?? 'hh',
      multiTurn: record.multi_turn ?? 'render',
      minVotes: record.min_votes,
      minAgreement: record.min_agreement,
      excludeGold: record.exclude_gold,
      excludeFlags: record.exclude_flags,
      validationShare: record.validation_share,
      splitBy: record.split_by ?? 'conversation',
      ...(record.include_judge ? { includeJudge: true } : {}),
    },
  };
}

export const ZSnapshotId = z.object({ snapshotId: z.uuid({ message: 'Unknown snapshot' }) });

/** The dashboard's "Recompute" of the live project's dataset health (issue 28): the pair format it is computed for. */
export const ZRecomputeHealthForm = z.object({
  projectId: z.uuid({ message: 'Unknown project' }),
  format: z.enum(PAIR_FORMATS, { message: 'Dataset health is computed for pair formats' }).default('pairs'),
});

/** A Hugging Face licence id as the Hub's YAML takes it ("cc-by-4.0", "mit", "other"). */
const ZLicenseId = z.preprocess(
  blank,
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9.+-]{0,63}$/, {
      message: 'a licence id is lower-case letters, digits, dots, plus and dashes, as on the Hugging Face Hub (e.g. cc-by-4.0, mit, other)',
    })
    .nullable()
    .default(null),
);

/** ISO 639-1 or 639-3 codes, optionally with a region ("en", "pt-BR"), comma-separated in the form. */
const ZLanguageCodes = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : (value ?? undefined),
  z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, { message: 'a language is an ISO 639 code such as en, de or pt-BR' }))
    .max(50, { message: 'at most 50 languages' })
    .default([]),
);

/** The Export page's "Dataset card" form: what every later snapshot's card declares. */
export const ZDatasetCardSettings = z.object({ projectId: z.string(), license: ZLicenseId, languages: ZLanguageCodes });
export type TDatasetCardSettings = z.infer<typeof ZDatasetCardSettings>;
