import { z } from 'zod';
import { METADATA_SPLIT, SPLIT_KEYS } from '@/lib/export/split';
import { EXPORT_FORMATS, type ExportFormat, type PairOptions } from '@/lib/export/types';

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
  /** Step formats (issue 27): what a neutral (0) step becomes in boolean labels. */
  neutral_as: z.preprocess(blank, z.enum(['true', 'false'], { message: 'neutral_as must be true or false' }).default('true')),
};

function checkDates(v: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) {
  if (v.from && v.to && startOf(v.from) >= endOf(v.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after "from"' });
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
    },
  };
}

export const ZSnapshotId = z.object({ snapshotId: z.uuid({ message: 'Unknown snapshot' }) });

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
