import { describe, expect, it } from 'vitest';
import { createParser, detectFormat } from '@/lib/import/detect-format';
import { IMPORT_FORMATS } from '@/lib/import/types';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { FIXTURE_FORMATS, fixtureRows, parseFixture } from '@/tests/helpers/parse-fixture';

const FIXTURES = FIXTURE_FORMATS;

describe('detectFormat', () => {
  it.each(FIXTURES)('tells %s from its first row', (file, format) => {
    expect(detectFormat(fixtureRows(file)[0])).toBe(format);
  });

  it('goes by keys, not by what is inside them', () => {
    expect(detectFormat({ responses: 'not a list' })).toBe('native');
    expect(detectFormat({ info: {}, summaries: [] })).toBe('summarize');
    expect(detectFormat({ response_id: 'r1', critiques: [] })).toBe('critiques');
    expect(detectFormat({ response_id: 'r1', flawed: 'x', flaw: {} })).toBe('perturbations');
    expect(detectFormat({ response_id: 'r1', perturbation_id: 'p1', critiques: [] })).toBe('critiques');
    expect(detectFormat({ prompt: 'Q', chosen: '\n\nHuman: Q\n\nAssistant: A', rejected: 'B' })).toBe('trl');
  });

  it('returns null for rows no format fits', () => {
    for (const row of [null, 'text', 42, [], ['chosen', 'rejected'], {}, { prompt: 'Q', chosen: 'A' }, { chosen: 'The sky is blue.', rejected: 'The sky is green.' }, { chosen: '\n\nHuman: Q\n\nAssistant: A', rejected: ['B'] }, { chosen: [], rejected: 'B' }]) {
      expect(detectFormat(row)).toBeNull();
    }
  });
});

describe('createParser', () => {
  it.each(FIXTURES)('gives a parser that reads %s', async (file, format) => {
    const rows = fixtureRows(file);
    const { items, critiques, errors, perturbations } = await parseFixture(file, createParser(format, DEFAULT_IMPORT_RULES));
    expect(errors).toEqual([]);
    // summarize merges rows by post; every other format yields one item, critique set or perturbation per row.
    expect(items.length + critiques.length + (perturbations?.length ?? 0)).toBe(format === 'summarize' ? new Set(rows.map((r) => (r.info as { id: string }).id)).size : rows.length);
  });

  it('covers every format', () => {
    for (const format of IMPORT_FORMATS) expect(createParser(format, DEFAULT_IMPORT_RULES).push).toBeTypeOf('function');
  });
});
