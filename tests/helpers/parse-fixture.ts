import fs from 'node:fs';
import path from 'node:path';
import { readJsonLines } from '@/lib/import/read-json-lines';
import type { ImportFormat, ParseResult, RowParser } from '@/lib/import/types';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import');

/** Every import fixture with the format it is written in. */
export const FIXTURE_FORMATS: [string, ImportFormat][] = [
  ['native.jsonl', 'native'],
  ['hh-rlhf.jsonl', 'hh-rlhf'],
  ['trl-standard.jsonl', 'trl'],
  ['trl-conversational.jsonl', 'trl'],
  ['trl-implicit.jsonl', 'trl'],
  ['summarize.jsonl', 'summarize'],
  ['critiques.jsonl', 'critiques'],
  ['perturbations.jsonl', 'perturbations'],
  ['hh-rlhf-edge.jsonl', 'hh-rlhf'],
  ['trl-ultrafeedback.jsonl', 'trl'],
  ['openai-preference.jsonl', 'openai-preference'],
  ['rankings.jsonl', 'rankings'],
  ['oasst-messages.jsonl', 'oasst'],
  ['oasst-trees.jsonl', 'oasst'],
  ['arena.jsonl', 'arena'],
  ['helpsteer2.jsonl', 'helpsteer'],
];

/** Pushes numbered rows through a parser, then finish(), collecting everything it returns. */
export function parseLines(parser: RowParser, lines: { line: number; value: unknown }[]): ParseResult {
  const out: ParseResult & { perturbations: NonNullable<ParseResult['perturbations']> } = {
    items: [],
    critiques: [],
    errors: [],
    perturbations: [],
  };
  for (const result of [...lines.map((l) => parser.push(l.line, l.value)), parser.finish()]) {
    out.items.push(...result.items);
    out.critiques.push(...result.critiques);
    out.perturbations.push(...(result.perturbations ?? []));
    out.errors.push(...result.errors);
  }
  return out;
}

/** Rows on lines 1, 2, 3, … */
export const parseRows = (parser: RowParser, rows: unknown[]) =>
  parseLines(
    parser,
    rows.map((value, i) => ({ line: i + 1, value })),
  );

/** A fixture's rows as plain JSON.parse sees them, independent of the streaming reader: what the parse must reproduce. */
export function fixtureRows(name: string): Record<string, unknown>[] {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Reads a fixture the way the importer does (file stream → readJsonLines → parser); an unreadable line fails the test. */
export async function parseFixture(name: string, parser: RowParser): Promise<ParseResult> {
  const lines: { line: number; value: unknown }[] = [];
  for await (const row of readJsonLines(fs.createReadStream(path.join(FIXTURES, name)))) {
    if ('error' in row) throw new Error(`${name}:${row.line}: ${row.error.message}`);
    lines.push(row);
  }
  return parseLines(parser, lines);
}
