import { describe, expect, it } from 'vitest';
import { nativeParser } from '@/lib/import/formats/native';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { fixtureRows, parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

type Row = {
  id?: string | number;
  prompt?: string;
  messages?: unknown[];
  responses: { id?: string; model?: string; text: string; metadata?: object }[];
  metadata?: object;
  gold?: { ranking: string[][] };
};
const parse = (rows: unknown[], rules = DEFAULT_IMPORT_RULES) => parseRows(nativeParser(rules), rows);
const two = [{ text: 'Paris.' }, { text: 'Lyon.' }];

describe('nativeParser', () => {
  it('reads the fixture into exactly what each row says', async () => {
    const rows = fixtureRows('native.jsonl') as Row[];
    const { items, errors } = await parseFixture('native.jsonl', nativeParser(DEFAULT_IMPORT_RULES));
    expect(errors).toEqual([]);
    expect(items).toHaveLength(rows.length);
    items.forEach((item, i) => {
      const row = rows[i]!;
      expect(item.line).toBe(i + 1);
      expect(item.messages).toEqual(row.messages ?? [{ role: 'user', content: row.prompt }]);
      expect(item.responses.map((r) => [r.text, r.modelId, r.metadata])).toEqual(
        row.responses.map((r) => [r.text, r.model ?? null, r.metadata ?? {}]),
      );
      expect(item.goldRanking).toEqual(row.gold?.ranking ?? null);
      expect(item.labels).toEqual([]);
    });
    // Row ids are kept; rows without ids get stable derived ones.
    expect(items.map((i) => i.externalId)).toEqual([
      'cust-0001',
      'chat-0147',
      '20931',
      expect.stringMatching(/^item-[0-9a-f]{16}$/),
      'code-0008',
      'cust-0002',
    ]);
    expect(items[2]!.responses.map((r) => r.externalId)).toEqual(['20931-r1', '20931-r2']);
    expect(items[1]!.messages[0]).toEqual({
      role: 'system',
      content: 'You are a concise assistant for a public library. Answer in at most three sentences.',
    });
    expect(items[1]!.goldRanking).toEqual([['chat-0147-r4', 'chat-0147-r1'], ['chat-0147-r2'], ['chat-0147-r3']]);
    // Unknown top-level fields join the metadata.
    expect(items[5]!.metadata).toEqual({ source: 'faq-mining', language: 'en' });
    expect(items[0]!.metadata).toEqual({ source: 'support-tickets-2024-q3', language: 'en' });
    const again = await parseFixture('native.jsonl', nativeParser(DEFAULT_IMPORT_RULES));
    expect(again.items.map((i) => i.externalId)).toEqual(items.map((i) => i.externalId));
  });

  it('names wrong types', () => {
    expect(parse([{ prompt: 42, responses: 'two' }]).errors).toEqual([
      { line: 1, path: 'prompt', message: 'Prompt must be a string' },
      { line: 1, path: 'responses', message: 'Responses must be a list of {text, id?, model?}' },
    ]);
    expect(parse([{ messages: [{ role: 'bot', content: 'Hi' }], responses: [{ text: 1 }, { text: 'b', model: 7 }] }]).errors).toEqual([
      { line: 1, path: 'messages[0].role', message: 'Role must be "system", "user" or "assistant"' },
      { line: 1, path: 'responses[0].text', message: 'Response text must be a string' },
      { line: 1, path: 'responses[1].model', message: 'Model must be a string' },
    ]);
    expect(parse([{ prompt: 'Capital of France?', messages: [], responses: two }]).errors).toEqual([
      { line: 1, path: 'prompt', message: 'Give exactly one of "prompt" (a string) or "messages" (a conversation)' },
    ]);
  });

  it('refuses 1 or 10 responses under the default rules', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ text: `Answer ${i + 1}` }));
    expect(
      parse([
        { prompt: 'Q', responses: [{ text: 'A' }] },
        { prompt: 'Q', responses: many },
      ]).errors,
    ).toEqual([
      { line: 1, path: 'responses', message: 'Has 1 response; this project takes 2 to 9' },
      { line: 2, path: 'responses', message: 'Has 10 responses; this project takes 2 to 9' },
    ]);
  });

  it('refuses empty and over-long texts', () => {
    const rules = { ...DEFAULT_IMPORT_RULES, maxResponseChars: 20 };
    expect(
      parse(
        [{ prompt: 'Q', responses: [{ text: 'Short enough.' }, { text: '  ' }, { text: 'This one runs past twenty characters.' }] }],
        rules,
      ).errors,
    ).toEqual([
      { line: 1, path: 'responses[1].text', message: 'Response text is empty' },
      { line: 1, path: 'responses[2].text', message: 'Response text has 37 characters; at most 20 are allowed' },
    ]);
    expect(parse([{ messages: [{ role: 'user', content: ' ' }], responses: two }]).errors).toEqual([
      { line: 1, path: 'messages[0].content', message: 'Message text is empty' },
    ]);
  });

  it('refuses duplicate response ids and a bad gold ranking', () => {
    expect(
      parse([
        {
          prompt: 'Q',
          responses: [
            { id: 'a', text: 'x' },
            { id: 'a', text: 'y' },
          ],
        },
      ]).errors,
    ).toEqual([{ line: 1, path: 'responses[1].id', message: 'Duplicate response id "a" in this row' }]);
    const responses = [
      { id: 'a', text: 'x' },
      { id: 'b', text: 'y' },
      { id: 'c', text: 'z' },
    ];
    expect(
      parse([
        { prompt: 'Q', responses, gold: { ranking: [['a'], ['d']] } },
        { prompt: 'Q', responses, gold: { ranking: [['a', 'b'], ['a']] } },
        { prompt: 'Q', responses, gold: { ranking: [[]] } },
      ]).errors,
    ).toEqual([
      { line: 1, path: 'gold.ranking', message: 'Unknown response id: d' },
      { line: 2, path: 'gold.ranking', message: 'Response ranked more than once: a' },
      { line: 2, path: 'gold.ranking', message: 'Every response must be ranked; missing: c' },
      { line: 3, path: 'gold.ranking[0]', message: 'A tie group must not be empty' },
    ]);
  });
});
