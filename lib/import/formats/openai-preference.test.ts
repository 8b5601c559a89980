import { describe, expect, it } from 'vitest';
import { openAiPreferenceParser } from '@/lib/import/formats/openai-preference';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { fixtureRows, parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

const parse = (rows: unknown[]) => parseRows(openAiPreferenceParser(DEFAULT_IMPORT_RULES), rows);
type Msg = { role: string; content: unknown };

describe('openAiPreferenceParser', () => {
  it('reads the fixture: input messages as the conversation, preferred over non-preferred', async () => {
    const rows = fixtureRows('openai-preference.jsonl');
    const { items, errors } = await parseFixture('openai-preference.jsonl', openAiPreferenceParser(DEFAULT_IMPORT_RULES));
    expect(errors).toEqual([]);
    expect(items).toHaveLength(rows.length);
    items.forEach((item, i) => {
      const row = rows[i] as { preferred_output: Msg[]; non_preferred_output: Msg[] };
      expect(item.responses.map((r) => r.text)).toEqual([row.preferred_output[0]!.content, row.non_preferred_output[0]!.content]);
      expect(item.labels).toEqual([{ worker: null, ranking: item.responses.map((r) => [r.externalId]) }]);
      expect(item.externalId).toMatch(/^openai-[0-9a-f]{16}$/);
    });
    expect(items[0]!.messages).toEqual([{ role: 'user', content: 'Hello, can you tell me how cold San Francisco is today?' }]);
    // Other keys of input are kept; "developer" is a system message; text parts are joined; an empty output is kept.
    expect(items[0]!.metadata).toEqual({ input: { tools: [], parallel_tool_calls: true } });
    expect(items[1]!.messages[0]).toEqual({ role: 'system', content: 'You are a concise assistant for a bakery.' });
    expect(items[2]!.messages).toHaveLength(3);
    expect(items[3]!.messages[0]!.content).toBe(
      'Summarise in one line: The meeting moved from Tuesday to Thursday because the venue was double-booked.',
    );
    expect(items[3]!.responses[1]!.text).toBe('');
  });

  it('names missing fields and outputs that are not one assistant message', () => {
    expect(parse([{ input: { messages: [] }, preferred_output: [{ role: 'assistant', content: 'A' }] }]).errors).toEqual([
      { line: 1, path: 'non_preferred_output', message: 'Missing "non_preferred_output"' },
    ]);
    expect(
      parse([
        {
          input: { messages: [{ role: 'user', content: 'Q' }] },
          preferred_output: [{ role: 'user', content: 'A' }],
          non_preferred_output: [{ role: 'assistant', content: 'B' }],
        },
      ]).errors,
    ).toEqual([{ line: 1, path: 'preferred_output', message: '"preferred_output" must hold exactly one assistant message' }]);
    expect(
      parse([
        {
          input: { messages: [] },
          preferred_output: [{ role: 'assistant', content: 'A' }],
          non_preferred_output: [{ role: 'assistant', content: 'B' }],
        },
      ]).errors,
    ).toEqual([{ line: 1, path: 'input.messages', message: 'The conversation is empty' }]);
  });
});
