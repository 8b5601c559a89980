import { describe, expect, it } from 'vitest';
import { perturbationsParser } from '@/lib/import/formats/perturbations';
import { parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

const parse = (rows: unknown[]) => parseRows(perturbationsParser(), rows);
const flaw = { description: 'Wrong year.', category: 'accuracy', severity: 3 };

describe('perturbationsParser', () => {
  it('reads the fixture: sources, flaws, status, critiques of both texts', async () => {
    const { perturbations, errors } = await parseFixture('perturbations.jsonl', perturbationsParser());
    expect(errors).toEqual([]);
    expect(
      perturbations?.map((p) => [
        p.externalId.startsWith('perturbation-') ? 'derived' : p.externalId,
        p.itemRef,
        p.responseRef,
        p.category,
        p.severity,
        p.status,
      ]),
    ).toEqual([
      ['pf-1', null, 'cust-0001-a', 'ACCURACY', 3, 'ACCEPTED'],
      ['pf-2', 'chat-0147', 'chat-0147-r1', 'ACCURACY', 2, 'SUBMITTED'],
      ['derived', null, 'chat-0147-r4', 'COHERENCE', 2, 'ACCEPTED'],
    ]);
    expect(perturbations?.[0]?.critiques).toEqual({
      original: [{ text: 'Answers the question directly and asks for the right evidence.', modelId: null }],
      flawed: [
        { text: 'The order number quoted does not match the one the customer gave.', modelId: 'critic-1' },
        { text: 'Otherwise helpful.', modelId: null },
      ],
    });
    expect(perturbations?.[1]?.missableBecause).toBe('');
  });

  it('derives the same id from the same row, so a re-import is recognised', () => {
    const row = { response_id: 'r1', flawed: 'Founded in 1998.', flaw };
    expect(parse([row]).perturbations?.[0]?.externalId).toBe(parse([row]).perturbations?.[0]?.externalId);
    expect(parse([row]).perturbations?.[0]?.externalId).not.toBe(
      parse([{ ...row, flawed: 'Founded in 1999.' }]).perturbations?.[0]?.externalId,
    );
  });

  it('names every bad field', () => {
    expect(
      parse([
        { flawed: 'x', flaw },
        { response_id: 'r1', flaw },
        { response_id: 'r1', flawed: '  ', flaw: { description: '', category: 'style', severity: 5 } },
        { response_id: 'r1', flawed: 'x', flaw: 'wrong', author_email: 'nobody', status: 'done', critiques: { flawed: [3] } },
      ]).errors,
    ).toEqual([
      { line: 1, path: 'response_id', message: 'Give "response_id" (the source response) or "item_id"' },
      { line: 2, path: 'flawed', message: 'Missing "flawed"' },
      { line: 3, path: 'flawed', message: 'The flawed text is empty' },
      { line: 3, path: 'flaw.description', message: 'Say what the flaw is' },
      { line: 3, path: 'flaw.category', message: 'The category is one of accuracy, coverage, coherence, harmful, other' },
      { line: 3, path: 'flaw.severity', message: 'The severity is a whole number from 1 to 4' },
      { line: 4, path: 'flaw', message: '"flaw" must be an object {description, category, severity, missable_because?}' },
      { line: 4, path: 'author_email', message: 'author_email must be an email address' },
      { line: 4, path: 'status', message: 'status is "accepted" or "submitted"' },
      { line: 4, path: 'critiques.flawed[0]', message: 'A critique is a text or {"text", "model"?}' },
    ]);
  });
});
