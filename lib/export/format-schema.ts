import type { ExportOptionsRecord } from '@/lib/export/schemas';
import type { ExportFormat } from '@/lib/export/types';

/** An Arrow-style column type: a primitive, a list of one type, or a struct of named fields. */
export type ColumnType = 'string' | 'bool' | 'int64' | 'float64' | { list: ColumnType } | { struct: SchemaField[] };
/** One named column or struct field; `nullable` false means every row holds a value. */
export type SchemaField = { name: string; type: ColumnType; nullable: boolean };

const f = (name: string, type: ColumnType, nullable = false): SchemaField => ({ name, type, nullable });
const list = (type: ColumnType): ColumnType => ({ list: type });
const struct = (...fields: SchemaField[]): ColumnType => ({ struct: fields });

const MESSAGE = struct(f('role', 'string'), f('content', 'string'));
const MESSAGES = list(MESSAGE);
const SPAN = struct(f('start', 'int64'), f('end', 'int64'));
const FLAW = struct(f('start', 'int64'), f('end', 'int64'), f('category', 'string'), f('severity', 'int64'), f('comment', 'string'));
const RESPONSES = list(struct(f('id', 'string'), f('text', 'string'), f('model', 'string', true)));
/** `raw` responses also carry the scores an imported dataset gave them (empty when none). */
const RAW_RESPONSES = list(
  struct(
    f('id', 'string'),
    f('text', 'string'),
    f('model', 'string', true),
    f('imported_scores', list(struct(f('name', 'string'), f('value', 'float64', true)))),
  ),
);

/** `raw` rows (issue 25): the assignment's requests to the assistant while labeling, with answer and provenance. */
const ASSISTANCE = list(
  struct(
    f('kind', 'string'),
    f('task_kind', 'string'),
    f('response_id', 'string', true),
    f('response_label', 'string', true),
    f('claim', 'string', true),
    f('claim_start', 'int64', true),
    f('claim_end', 'int64', true),
    f('status', 'string'),
    f('answer', 'string', true),
    f('error_kind', 'string', true),
    f('connection', 'string', true),
    f('model', 'string', true),
    f('model_reported', 'string', true),
    f('template_version', 'string'),
    f('prompt_tokens', 'int64', true),
    f('completion_tokens', 'int64', true),
    f('latency_ms', 'int64', true),
    f('requested_at', 'string'),
    f('answered_at', 'string', true),
    f('look_ms', 'int64'),
  ),
);

/** The judgment record of `rankings` (a list element) and `raw` (its top-level columns). */
const JUDGMENT: SchemaField[] = [
  f('labeler', 'string'),
  f('source', 'string'),
  f('ranking', list(list('string'))),
  f('all_unacceptable', 'bool'),
  f('rest_grouped_below', 'bool'),
  f('ratings', list(struct(f('response_id', 'string'), f('likert', 'int64', true), f('flags', list('string')), f('flaws', list(FLAW))))),
  f('prompt_flags', list('string')),
  f('shown_order', list('string'), true),
  f('duration_ms', 'int64'),
  f('taxonomy_version', 'int64'),
  f('created_at', 'string'),
  f('labeler_groups', list(struct(f('attribute', 'string'), f('values', list('string')))), true),
  // Issue 27: the judgment's aspect answers (ranking null for "same as overall"); null when it has none.
  f(
    'aspects',
    list(struct(f('aspect', 'string'), f('description', 'string'), f('same_as_overall', 'bool'), f('ranking', list(list('string')), true))),
    true,
  ),
];

/** The metadata columns of pair rows (every pair format but openai-dpo). */
function pairMetadata(format: ExportFormat, options: Pick<ExportOptionsRecord, 'margin' | 'include_judge'>): SchemaField[] {
  return [
    ...(options.margin === 'none' ? [] : [f('margin', 'float64')]),
    ...(format === 'pairs' || format === 'pairs-chat' ? [f('tie', 'bool')] : []),
    f('weight', 'float64'),
    f('item_id', 'string'),
    f('chosen_id', 'string'),
    f('rejected_id', 'string'),
    f('labeler', 'string', true),
    f('split', 'string'),
    f('votes', struct(f('chosen', 'int64'), f('rejected', 'int64'), f('tie', 'int64'))),
    ...(options.include_judge ? [f('source', 'string')] : []),
  ];
}

/**
 * The columns of a format's rows under the options, in row order: every row holds every column
 * (null only where `nullable`), numbers of one type per column. Written into the manifest; the
 * Parquet encoding (write-parquet.ts) and the dataset card's features use it.
 */
export function formatSchema(format: ExportFormat, options: Pick<ExportOptionsRecord, 'margin' | 'include_judge'>): SchemaField[] {
  const meta = () => pairMetadata(format, options);
  switch (format) {
    case 'pairs':
      return [f('prompt', 'string'), f('chosen', 'string'), f('rejected', 'string'), ...meta()];
    case 'pairs-chat':
      return [f('prompt', MESSAGES), f('chosen', MESSAGES), f('rejected', MESSAGES), ...meta()];
    case 'hh':
      return [f('chosen', 'string'), f('rejected', 'string'), ...meta()];
    case 'openai-dpo':
      return [f('input', struct(f('messages', MESSAGES))), f('preferred_output', MESSAGES), f('non_preferred_output', MESSAGES)];
    case 'axolotl-dpo':
      return [f('messages', MESSAGES), f('chosen', MESSAGE), f('rejected', MESSAGE), ...meta()];
    case 'openrlhf':
      return [f('chosen', MESSAGES), f('rejected', MESSAGES), ...meta()];
    case 'rankings':
      return [
        f('item_id', 'string'),
        f('messages', MESSAGES),
        f('responses', RESPONSES),
        f('consensus', list(list('string'))),
        f('adjudicated', 'bool'),
        f('is_gold', 'bool'),
        f('split', 'string'),
        f('judgments', list(struct(...JUDGMENT))),
      ];
    case 'raw':
      return [
        f('judgment_id', 'string'),
        f('item_id', 'string'),
        f('messages', MESSAGES),
        f('responses', RAW_RESPONSES),
        f('is_gold', 'bool'),
        ...JUDGMENT,
        f('assistance_arm', 'string', true),
        f('assistance', ASSISTANCE),
      ];
    case 'sft':
      return [
        f('messages', MESSAGES),
        f('item_id', 'string'),
        f('demonstration_id', 'string'),
        f('labeler', 'string'),
        f('split', 'string'),
      ];
    case 'perturbations':
      return [
        f('messages', MESSAGES),
        f('original', 'string'),
        f('flawed', 'string'),
        f(
          'flaw',
          struct(
            f('description', 'string'),
            f('category', 'string'),
            f('severity', 'int64'),
            f('missable_because', 'string'),
            f('span', SPAN),
            f('original_span', SPAN),
          ),
        ),
        f('item_id', 'string'),
        f('response_id', 'string'),
        f('perturbation_id', 'string'),
        f('author', 'string', true),
        f('created_at', 'string'),
        f('split', 'string'),
      ];
    case 'kto':
      // TRL's unpaired preference type, conversational (lib/export/kto-rows.ts).
      return [
        f('prompt', MESSAGES),
        f('completion', MESSAGES),
        f('label', 'bool'),
        f('item_id', 'string'),
        f('response_id', 'string'),
        f('labeler', 'string', true),
        f('split', 'string'),
      ];
    case 'detect-trials':
      return [
        f('trial_id', 'string'),
        f('item_id', 'string'),
        f('response_id', 'string'),
        f('perturbation_id', 'string'),
        f('labeler', 'string'),
        f('arm', 'string'),
        f('variant', 'string'),
        f('likert', 'int64'),
        f('says_flawed', 'bool'),
        f('span', SPAN, true),
        f('severity', 'int64', true),
        f('description', 'string', true),
        f('found_intended', 'bool', true),
        f('span_overlap', 'float64', true),
        f('reviewed_by_lead', 'bool'),
        f('duration_ms', 'int64', true),
        f('critique_marks', list(struct(f('critique_id', 'string'), f('helpful', 'bool')))),
        f('would_have_noticed', 'bool', true),
        f('would_have_noticed_yes_first', 'bool', true),
        f('submitted_at', 'string'),
      ];
    case 'judge':
      return [
        f('item_id', 'string'),
        f('source', 'string'),
        f('connection', 'string'),
        f('model', 'string'),
        f('model_reported', 'string', true),
        f('template_version', 'int64'),
        f('reversed', 'bool'),
        f('shown_order', list('string')),
        f('ranking', list(list('string'))),
        f('ratings', list(struct(f('response_id', 'string'), f('likert', 'int64'), f('flags', list('string'))))),
        f('reason', 'string'),
        f('job_id', 'string'),
        f('created_at', 'string'),
        f('split', 'string'),
      ];
    case 'trl-stepwise':
      return [
        f('prompt', 'string'),
        f('completions', list('string')),
        f('labels', list('bool')),
        f('item_id', 'string'),
        f('response_id', 'string'),
        f('labeler', 'string', true),
        f('split', 'string'),
      ];
    case 'prm800k':
      return PRM800K_ROW;
    case 'arena':
      return [
        f('question_id', 'string'),
        f('model_a', 'string'),
        f('model_b', 'string'),
        f('winner', 'string'),
        f('judge', 'string'),
        f('conversation_a', MESSAGES),
        f('conversation_b', MESSAGES),
        f('turn', 'int64'),
        f('anony', 'bool'),
        f('language', 'string', true),
        f('tstamp', 'float64'),
      ];
  }
}

/** PRM800K's row (openai/prm800k README), every field present; the label adds `final_answer`, completions `flaw`; ids and split at the end. */
const PRM800K_ROW: SchemaField[] = [
  f('labeler', 'string'),
  f('timestamp', 'string'),
  f('generation', 'int64', true),
  f('is_quality_control_question', 'bool', true),
  f('is_initial_screening_question', 'bool', true),
  f(
    'question',
    struct(
      f('problem', 'string'),
      f('ground_truth_solution', 'string', true),
      f('ground_truth_answer', 'string', true),
      f('pre_generated_steps', list('string')),
      f('pre_generated_answer', 'string', true),
      f('pre_generated_verifier_score', 'float64', true),
    ),
  ),
  f(
    'label',
    struct(
      f(
        'steps',
        list(
          struct(
            f(
              'completions',
              list(struct(f('text', 'string'), f('rating', 'int64'), f('flagged', 'bool', true), f('flaw', 'string', true))),
            ),
            f('human_completion', 'string', true),
            f('chosen_completion', 'int64'),
          ),
        ),
      ),
      f('total_time', 'int64'),
      f('finish_reason', 'string'),
      f('final_answer', 'string', true),
    ),
  ),
  f('item_id', 'string'),
  f('response_id', 'string'),
  f('split', 'string'),
];

function typeProblem(value: unknown, type: ColumnType, nullable: boolean, path: string): string | null {
  if (value === null) return nullable ? null : `${path} is null`;
  if (value === undefined) return `${path} is missing`;
  if (type === 'string') return typeof value === 'string' ? null : `${path} is not a string`;
  if (type === 'bool') return typeof value === 'boolean' ? null : `${path} is not a boolean`;
  if (type === 'int64') return Number.isInteger(value) ? null : `${path} is not an integer`;
  if (type === 'float64') return typeof value === 'number' && Number.isFinite(value) ? null : `${path} is not a number`;
  if ('list' in type) {
    if (!Array.isArray(value)) return `${path} is not a list`;
    for (let i = 0; i < value.length; i++) {
      const problem = typeProblem(value[i], type.list, false, `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return `${path} is not a record`;
  return recordProblem(value as Record<string, unknown>, type.struct, `${path}.`);
}

function recordProblem(row: Record<string, unknown>, fields: SchemaField[], prefix: string): string | null {
  const extra = Object.keys(row).filter((k) => !fields.some((x) => x.name === k));
  if (extra.length > 0) return `${prefix}${extra[0]} is not in the schema`;
  for (const field of fields) {
    const problem = typeProblem(row[field.name], field.type, field.nullable, `${prefix}${field.name}`);
    if (problem) return problem;
  }
  return null;
}

/** Why a row does not fit the schema (a key missing or extra, a value of another type), or null. */
export function schemaProblem(row: Record<string, unknown>, fields: SchemaField[]): string | null {
  return recordProblem(row, fields, '');
}

type HfFeature = { name: string; dtype?: string; list?: HfType; struct?: HfFeature[] };
type HfType = string | { list: HfType } | HfFeature[];

function hfType(type: ColumnType): HfType {
  if (typeof type === 'string') return type;
  if ('list' in type) return { list: hfType(type.list) };
  return type.struct.map(hfFeature);
}

function hfFeature(field: SchemaField): HfFeature {
  const { type } = field;
  if (typeof type === 'string') return { name: field.name, dtype: type };
  if ('list' in type) return { name: field.name, list: hfType(type.list) };
  return { name: field.name, struct: type.struct.map(hfFeature) };
}

/** The schema as Hugging Face `dataset_info.features` (YAML front matter of a dataset card), so `datasets` loads declared types instead of inferring them per chunk. */
export function toHfFeatures(fields: SchemaField[]): HfFeature[] {
  return fields.map(hfFeature);
}
