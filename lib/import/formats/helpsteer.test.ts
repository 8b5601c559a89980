import { describe, expect, it } from 'vitest';
import { helpSteerParser } from '@/lib/import/formats/helpsteer';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { fixtureRows, parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

describe('helpSteerParser', () => {
  it('groups the responses of a prompt into one item, attributes as imported scores, no label', async () => {
    const rows = fixtureRows('helpsteer2.jsonl');
    const { items, errors } = await parseFixture('helpsteer2.jsonl', helpSteerParser(DEFAULT_IMPORT_RULES));
    expect(errors).toEqual([]);
    expect(items).toHaveLength(3);
    expect(items.map((i) => [i.line, i.messages[0]!.content, i.responses.length])).toEqual([
      [1, 'c#', 2],
      [3, 'explain quantum computing in simple terms', 2],
      [5, rows[4]!.prompt, 2],
    ]);
    expect(items[0]!.responses[0]!.metadata).toEqual({
      imported_scores: { helpfulness: 3, correctness: 4, coherence: 4, complexity: 2, verbosity: 1 },
    });
    expect(items.every((i) => i.labels.length === 0)).toBe(true);
  });

  it('names attributes out of range and a prompt with one response', () => {
    const row = { prompt: 'Q', response: 'A', helpfulness: 5, correctness: 4, coherence: 4, complexity: 2 };
    expect(parseRows(helpSteerParser(DEFAULT_IMPORT_RULES), [row, { ...row, prompt: 'P', helpfulness: 1, verbosity: 1 }]).errors).toEqual([
      { line: 1, path: 'helpfulness', message: '"helpfulness" must be from 0 to 4' },
      { line: 1, path: 'verbosity', message: 'Missing "verbosity"' },
      { line: 2, path: 'response', message: 'Has 1 response; this project takes 2 to 9' },
    ]);
  });
});
