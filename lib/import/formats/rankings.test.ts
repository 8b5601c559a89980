import { describe, expect, it } from 'vitest';
import { rankingsParser } from '@/lib/import/formats/rankings';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { fixtureRows, parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

describe('rankingsParser', () => {
  it('reads our rankings export: ids, responses and every judgment as a label', async () => {
    const rows = fixtureRows('rankings.jsonl');
    const { items, errors } = await parseFixture('rankings.jsonl', rankingsParser(DEFAULT_IMPORT_RULES));
    expect(errors).toEqual([]);
    expect(items.map((i) => i.externalId)).toEqual(rows.map((r) => r.item_id));
    expect(items[0]!.responses.map((r) => [r.externalId, r.modelId])).toEqual([
      ['q1-a', 'model-a'],
      ['q1-b', 'model-b'],
      ['q1-c', 'model-c'],
    ]);
    expect(items[0]!.labels).toEqual([
      { worker: 'labeler-3f9a1c2e', ranking: [['q1-b'], ['q1-a'], ['q1-c']] },
      { worker: 'labeler-77d0b4aa', ranking: [['q1-b'], ['q1-a'], ['q1-c']] },
    ]);
    expect(items[1]!.labels[0]).toEqual({ worker: 'labeler-3f9a1c2e', ranking: [['q2-a', 'q2-b']] });
    expect(items[2]!.labels).toEqual([{ worker: 'labeler-3f9a1c2e', ranking: [], allUnacceptable: true }]);
    // consensus and split are the export's to compute; the other columns stay.
    expect(items[0]!.metadata).toEqual({ adjudicated: false, is_gold: false });
    expect(items[2]!.responses[1]!.text).toBe('');
  });

  it('refuses rankings of unknown or repeated responses', () => {
    const row = {
      item_id: 'x',
      messages: [{ role: 'user', content: 'Q' }],
      responses: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
    };
    expect(
      parseRows(rankingsParser(DEFAULT_IMPORT_RULES), [
        {
          ...row,
          judgments: [
            { labeler: 'l', ranking: [['a'], ['c']] },
            { labeler: 'l', ranking: [['a', 'a']] },
          ],
        },
      ]).errors,
    ).toEqual([
      { line: 1, path: 'judgments[0].ranking', message: 'Unknown response id: c' },
      { line: 1, path: 'judgments[1].ranking', message: 'A response is ranked more than once' },
    ]);
  });
});
