import { describe, expect, it } from 'vitest';
import { critiquesParser } from '@/lib/import/formats/critiques';
import { fixtureRows, parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

const parse = (rows: unknown[]) => parseRows(critiquesParser(), rows);

describe('critiquesParser', () => {
  it('reads the fixture into one critique set per row', async () => {
    const rows = fixtureRows('critiques.jsonl');
    const { items, critiques, errors } = await parseFixture('critiques.jsonl', critiquesParser());
    expect(errors).toEqual([]);
    expect(items).toEqual([]);
    expect(critiques).toEqual(
      rows.map((row, i) => ({
        line: i + 1,
        responseExternalId: row.response_id,
        perturbationRef: null,
        critiques: row.critiques,
        modelId: row.model ?? null,
      })),
    );
    expect(critiques[2]).toEqual({
      line: 3,
      responseExternalId: 'chat-0147-r3',
      perturbationRef: null,
      critiques: ['The answer is about composting in general and ignores the question about reserving the book.'],
      modelId: null,
    });
  });

  it('accepts an integer response id as text', () => {
    expect(parse([{ response_id: 20931, critiques: ['Too vague.'] }]).critiques).toEqual([
      { line: 1, responseExternalId: '20931', perturbationRef: null, critiques: ['Too vague.'], modelId: null },
    ]);
  });

  it('addresses a flawed variant with perturbation_id', () => {
    expect(
      parse([
        { response_id: 'r1', perturbation_id: 'p-7', critiques: ['The date is wrong.'] },
        { response_id: 'r1', perturbation_id: 12, critiques: ['x'] },
      ]).critiques.map((c) => c.perturbationRef),
    ).toEqual(['p-7', '12']);
    expect(
      parse([
        { response_id: 'r1', perturbation_id: ' ', critiques: ['x'] },
        { response_id: 'r1', perturbation_id: {}, critiques: ['x'] },
      ]).errors,
    ).toEqual([
      { line: 1, path: 'perturbation_id', message: 'Perturbation id must not be empty' },
      { line: 2, path: 'perturbation_id', message: 'Perturbation id must be a string or an integer' },
    ]);
  });

  it('names missing fields and wrong types', () => {
    expect(
      parse([
        { critiques: 'Too vague.' },
        { response_id: ['r1'], critiques: ['ok', 3], model: 4 },
        { response_id: ' ', critiques: ['ok'], model: '' },
      ]).errors,
    ).toEqual([
      { line: 1, path: 'response_id', message: 'Missing "response_id"' },
      { line: 1, path: 'critiques', message: 'Critiques must be a list of texts' },
      { line: 2, path: 'response_id', message: 'Response id must be a string or an integer' },
      { line: 2, path: 'critiques[1]', message: 'A critique must be a string' },
      { line: 2, path: 'model', message: 'Model must be a string' },
      { line: 3, path: 'response_id', message: 'Response id must not be empty' },
      { line: 3, path: 'model', message: 'Model must not be empty' },
    ]);
  });

  it('refuses an empty list and empty critiques', () => {
    expect(
      parse([{ response_id: 'r1' }, { response_id: 'r1', critiques: [] }, { response_id: 'r1', critiques: ['Misses the question.', '  '] }])
        .errors,
    ).toEqual([
      { line: 1, path: 'critiques', message: 'Missing "critiques"' },
      { line: 2, path: 'critiques', message: 'Give at least one critique' },
      { line: 3, path: 'critiques[1]', message: 'Critique text is empty' },
    ]);
  });
});
