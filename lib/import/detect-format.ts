import { arenaParser } from '@/lib/import/formats/arena';
import { critiquesParser } from '@/lib/import/formats/critiques';
import { helpSteerParser } from '@/lib/import/formats/helpsteer';
import { hhRlhfParser } from '@/lib/import/formats/hh-rlhf';
import { nativeParser } from '@/lib/import/formats/native';
import { oasstParser } from '@/lib/import/formats/oasst';
import { openAiPreferenceParser } from '@/lib/import/formats/openai-preference';
import { perturbationsParser } from '@/lib/import/formats/perturbations';
import { rankingsParser } from '@/lib/import/formats/rankings';
import { summarizeParser } from '@/lib/import/formats/summarize';
import { trlParser } from '@/lib/import/formats/trl';
import { prm800kParser } from '@/lib/import/formats/prm800k';
import { trlStepwiseParser } from '@/lib/import/formats/trl-stepwise';
import type { ImportFormat, RowParser } from '@/lib/import/types';
import type { ImportRules } from '@/lib/import/validate-item';

type Row = Record<string, unknown>;
/** Why a row does not fit a format, or null when it does. Only the shape is looked at: the parser then reports what is wrong inside a row. */
type Fit = (r: Row) => string | null;

const needs =
  (...keys: string[]): Fit =>
  (r) => {
    const missing = keys.filter((k) => !(k in r));
    return missing.length ? `needs ${keys.map((k) => `"${k}"`).join(', ')}; missing ${missing.map((k) => `"${k}"`).join(', ')}` : null;
  };
const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const HUMAN_TURN = /(?:^|\n\n)Human:/;

/** The formats in the order they are tried: the more specific shapes first (a rankings row also has "responses"). */
const CANDIDATES: [ImportFormat, Fit][] = [
  ['rankings', needs('item_id', 'messages', 'responses', 'judgments')],
  ['native', needs('responses')],
  ['summarize', needs('info', 'summaries')],
  ['perturbations', needs('flawed', 'flaw')],
  ['critiques', needs('response_id', 'critiques')],
  ['openai-preference', needs('input', 'preferred_output', 'non_preferred_output')],
  ['arena', needs('model_a', 'model_b', 'winner', 'conversation_a', 'conversation_b')],
  [
    'oasst',
    (r) => {
      if ('message_id' in r && 'role' in r && 'text' in r)
        return r.role === 'prompter' || r.role === 'assistant'
          ? null
          : `"role" is ${JSON.stringify(r.role)}, not "prompter" or "assistant"`;
      if (isObject(r.prompt) && 'message_id' in r.prompt) return null;
      return 'needs "message_id", "role", "text" (a message row) or a "prompt" message with "replies" (a message tree)';
    },
  ],
  ['helpsteer', needs('prompt', 'response', 'helpfulness')],
  [
    'trl',
    (r) => {
      if ('prompt' in r && 'chosen' in r && 'rejected' in r) return null;
      if (!('chosen' in r && 'rejected' in r)) return needs('prompt', 'chosen', 'rejected')(r);
      // TRL's implicit-prompt rows: whole conversations that share their beginning.
      return Array.isArray(r.chosen) && Array.isArray(r.rejected)
        ? null
        : 'without "prompt", "chosen" and "rejected" must be lists of messages (implicit prompt)';
    },
  ],
  // Step labels (issue 27): keys no format above has (before hh-rlhf, which stays the last resort).
  ['prm800k', needs('question', 'label')],
  ['trl-stepwise', needs('prompt', 'completions')],
  [
    'hh-rlhf',
    (r) => {
      const problem = needs('chosen', 'rejected')(r);
      if (problem) return problem;
      if (typeof r.chosen !== 'string' || typeof r.rejected !== 'string') return '"chosen" and "rejected" must be transcript strings';
      return HUMAN_TURN.test(r.chosen) && HUMAN_TURN.test(r.rejected) ? null : 'the transcripts hold no "\\n\\nHuman:" turn';
    },
  ],
];

/** Every format tried on a row, in order, with why it did not fit (null for the one that did; later ones are not tried). */
export function explainDetection(row: unknown): { format: ImportFormat | null; tried: { format: ImportFormat; reason: string }[] } {
  if (!isObject(row)) return { format: null, tried: [] };
  const tried: { format: ImportFormat; reason: string }[] = [];
  for (const [format, fit] of CANDIDATES) {
    const reason = fit(row);
    if (reason === null) return { format, tried };
    tried.push({ format, reason });
  }
  return { format: null, tried };
}

/**
 * The format of a file, told from its first row's keys; null when no format fits. Only the
 * shape is looked at: the parser then reports what is wrong inside a row.
 */
export function detectFormat(row: unknown): ImportFormat | null {
  return explainDetection(row).format;
}

/** The refusal when no format fits the first row: its keys, and each format tried with why it did not fit. */
export function unknownFormatMessage(row: unknown): string {
  if (!isObject(row))
    return `Unknown format: the first row is ${Array.isArray(row) ? 'a list' : row === null ? 'null' : `a ${typeof row}`}, not a JSON object`;
  const keys = Object.keys(row);
  const tried = explainDetection(row).tried.map((t) => `${t.format} (${t.reason})`);
  return `Unknown format: no format fits the first row (keys: ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'none'}). Tried: ${tried.join('; ')}`;
}

/** The row parser of a format, under a project's import rules. */
export function createParser(format: ImportFormat, rules: ImportRules): RowParser {
  switch (format) {
    case 'native':
      return nativeParser(rules);
    case 'hh-rlhf':
      return hhRlhfParser(rules);
    case 'trl':
      return trlParser(rules);
    case 'summarize':
      return summarizeParser(rules);
    case 'critiques':
      return critiquesParser();
    case 'perturbations':
      return perturbationsParser();
    case 'openai-preference':
      return openAiPreferenceParser(rules);
    case 'rankings':
      return rankingsParser(rules);
    case 'oasst':
      return oasstParser(rules);
    case 'arena':
      return arenaParser(rules);
    case 'helpsteer':
      return helpSteerParser(rules);
    case 'prm800k':
      return prm800kParser(rules);
    case 'trl-stepwise':
      return trlStepwiseParser(rules);
  }
}
