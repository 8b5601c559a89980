import type { z } from 'zod';
import type { ImportItem, RowError } from '@/lib/import/types';

export type ImportRules = {
  /** 2–9 by default; a project may narrow it. */
  minResponses: number;
  maxResponses: number;
  /** Longest response text accepted, in characters. */
  maxResponseChars: number;
  /** Native rows may come without responses (prompts for a generation job): the project has model connections (issue 24). */
  promptOnly?: boolean;
};

export const DEFAULT_IMPORT_RULES: ImportRules = { minResponses: 2, maxResponses: 9, maxResponseChars: 200_000 };

/** `responses[2].text` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** Every zod issue of a row as a RowError on that row's line. */
export function zodRowErrors(line: number, error: z.ZodError, pathPrefix = ''): RowError[] {
  return error.issues.map((issue) => ({
    line,
    path: [pathPrefix, formatPath(issue.path)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/**
 * Empty texts a format accepts as data (issue 19): imported preference pairs (hh-rlhf, TRL, OpenAI
 * preference rows, Chatbot Arena) may hold an empty reply, and hh-rlhf transcripts an empty turn;
 * they are real data points of the public files. Native rows never do.
 */
export type AllowEmpty = { responses?: boolean; messages?: boolean };

/** The rules every format shares, applied to the parsed item (so each format reports them alike). */
export function validateItem(item: ImportItem, rules: ImportRules, paths: { responses?: string } = {}, allow: AllowEmpty = {}): RowError[] {
  const errors: RowError[] = [];
  const at = (path: string, message: string) => errors.push({ line: item.line, path, message });
  const responsesPath = paths.responses ?? 'responses';
  const n = item.responses.length;
  if (!(n === 0 && rules.promptOnly) && (n < rules.minResponses || n > rules.maxResponses)) {
    at(responsesPath, `Has ${n} response${n === 1 ? '' : 's'}; this project takes ${rules.minResponses} to ${rules.maxResponses}`);
  }
  if (item.messages.length === 0) at('messages', 'The conversation is empty');
  item.messages.forEach((m, i) => {
    if (!allow.messages && m.content.trim() === '') at(`messages[${i}].content`, 'Message text is empty');
  });
  const last = item.messages.at(-1);
  if (last && last.role !== 'user')
    at(`messages[${item.messages.length - 1}].role`, `The conversation must end with a user turn, not "${last.role}"`);

  const seen = new Set<string>();
  item.responses.forEach((r, i) => {
    if (!allow.responses && r.text.trim() === '') at(`${responsesPath}[${i}].text`, 'Response text is empty');
    if (r.text.length > rules.maxResponseChars) {
      at(
        `${responsesPath}[${i}].text`,
        `Response text has ${r.text.length.toLocaleString('en')} characters; at most ${rules.maxResponseChars.toLocaleString('en')} are allowed`,
      );
    }
    if (seen.has(r.externalId)) at(`${responsesPath}[${i}].id`, `Duplicate response id "${r.externalId}" in this row`);
    seen.add(r.externalId);
  });

  if (item.goldRanking) {
    const ranked = item.goldRanking.flat();
    const unknown = ranked.filter((id) => !seen.has(id));
    const repeated = ranked.filter((id, i) => ranked.indexOf(id) !== i);
    const missing = [...seen].filter((id) => !ranked.includes(id));
    if (unknown.length) at('gold.ranking', `Unknown response id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
    if (repeated.length) at('gold.ranking', `Response ranked more than once: ${[...new Set(repeated)].join(', ')}`);
    if (!unknown.length && missing.length) at('gold.ranking', `Every response must be ranked; missing: ${missing.join(', ')}`);
  }
  return errors;
}
