import { critiquesParser } from '@/lib/import/formats/critiques';
import { hhRlhfParser } from '@/lib/import/formats/hh-rlhf';
import { nativeParser } from '@/lib/import/formats/native';
import { perturbationsParser } from '@/lib/import/formats/perturbations';
import { summarizeParser } from '@/lib/import/formats/summarize';
import { trlParser } from '@/lib/import/formats/trl';
import type { ImportFormat, RowParser } from '@/lib/import/types';
import type { ImportRules } from '@/lib/import/validate-item';

/**
 * The format of a file, told from its first row's keys; null when no format fits. Only the
 * shape is looked at: the parser then reports what is wrong inside a row.
 */
export function detectFormat(row: unknown): ImportFormat | null {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return null;
  const r = row as Record<string, unknown>;
  const has = (...keys: string[]) => keys.every((k) => k in r);
  if (has('responses')) return 'native';
  if (has('info', 'summaries')) return 'summarize';
  if (has('flawed', 'flaw')) return 'perturbations';
  if (has('response_id', 'critiques')) return 'critiques';
  if (has('prompt', 'chosen', 'rejected')) return 'trl';
  if (has('chosen', 'rejected')) {
    const { chosen, rejected } = r;
    if (typeof chosen === 'string' && typeof rejected === 'string' && chosen.includes('\n\nHuman:') && rejected.includes('\n\nHuman:')) return 'hh-rlhf';
    // TRL's implicit-prompt rows: whole conversations that share their beginning.
    if (Array.isArray(chosen) && Array.isArray(rejected)) return 'trl';
  }
  return null;
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
  }
}
