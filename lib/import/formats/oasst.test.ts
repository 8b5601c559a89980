import { describe, expect, it } from 'vitest';
import { oasstParser } from '@/lib/import/formats/oasst';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

describe('oasstParser', () => {
  it('makes an item of every prompter message with two or more ranked replies, ranks as the label', async () => {
    const { items, errors } = await parseFixture('oasst-messages.jsonl', oasstParser(DEFAULT_IMPORT_RULES));
    expect(errors).toEqual([]);
    // The root prompt (3 ranked replies), the follow-up (2 replies of equal rank) and the Spanish tree; not the prompt with one unranked reply.
    expect(items.map((i) => [i.line, i.externalId, i.responses.length])).toEqual([
      [1, '6ab24d72-0181-4594-a9cd-deaf170242fb', 3],
      [5, '18145bf4-37fd-4ac0-80f5-6108b5f2b365', 2],
      [10, 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b', 2],
    ]);
    const [root, followUp, spanish] = items;
    expect(root!.labels).toEqual([
      {
        worker: null,
        ranking: [
          ['c8e83833-ecbc-44fe-b6db-735228c25a1c'],
          ['6708c47f-05c9-4346-b3d2-40b2bd24fde4'],
          ['343ee2d4-87ae-41fd-a768-bdd65959dc4a'],
        ],
      },
    ]);
    expect(followUp!.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(followUp!.messages[2]!.content).toBe('Now explain it to a child');
    expect(followUp!.labels[0]!.ranking).toHaveLength(1);
    // Best rank first, whatever the file order.
    expect(spanish!.responses.map((r) => r.text)).toEqual(['La capital de Australia es Canberra.', 'Sídney.']);
    expect(spanish!.metadata).toMatchObject({ lang: 'es', review_result: true });
    expect(spanish!.responses[0]!.metadata).toMatchObject({ rank: 0, lang: 'es' });
  });

  it('gives the same items from the message-tree export', async () => {
    const flat = await parseFixture('oasst-messages.jsonl', oasstParser(DEFAULT_IMPORT_RULES));
    const trees = await parseFixture('oasst-trees.jsonl', oasstParser(DEFAULT_IMPORT_RULES));
    expect(trees.errors).toEqual([]);
    const shape = (items: typeof flat.items) =>
      items.map((i) => ({
        id: i.externalId,
        messages: i.messages,
        responses: i.responses.map((r) => [r.externalId, r.text]),
        labels: i.labels,
      }));
    expect(shape(trees.items)).toEqual(shape(flat.items));
  });

  it('refuses a reply whose parent is missing and a repeated message id', () => {
    const m = (id: string, parent: string | null, role: string, rank: number | null = null) => ({
      message_id: id,
      parent_id: parent,
      role,
      text: `text ${id}`,
      rank,
    });
    expect(
      parseRows(oasstParser(DEFAULT_IMPORT_RULES), [
        m('p2', 'a0', 'prompter'),
        m('a1', 'p2', 'assistant', 0),
        m('a2', 'p2', 'assistant', 1),
        m('a2', 'p2', 'assistant', 1),
      ]).errors,
    ).toEqual([
      { line: 4, path: 'message_id', message: 'Duplicate message id "a2" (first on line 3)' },
      { line: 1, path: 'parent_id', message: 'Message "p2" answers "a0", which is not in the file: its conversation cannot be rebuilt' },
    ]);
  });
});
