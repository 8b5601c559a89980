import { describe, expect, it } from 'vitest';
import { trlParser } from '@/lib/import/formats/trl';
import type { ImportItem, ImportMessage } from '@/lib/import/types';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { fixtureRows, parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

const parse = (rows: unknown[], rules = DEFAULT_IMPORT_RULES) => parseRows(trlParser(rules), rows);
const user = (content: string): ImportMessage => ({ role: 'user', content });
const assistant = (content: string): ImportMessage => ({ role: 'assistant', content });

/** Each parsed item against its row, with the expected conversation and completions derived from the row by `expected`. */
async function expectRoundTrip(
  file: string,
  expected: (row: Record<string, unknown>) => { messages: unknown; texts: unknown[] },
): Promise<ImportItem[]> {
  const rows = fixtureRows(file);
  const { items, errors } = await parseFixture(file, trlParser(DEFAULT_IMPORT_RULES));
  expect(errors).toEqual([]);
  expect(items).toHaveLength(rows.length);
  items.forEach((item, i) => {
    const { prompt: _p, chosen: _c, rejected: _r, ...extra } = rows[i]!;
    const want = expected(rows[i]!);
    expect(item.line).toBe(i + 1);
    expect(item.messages).toEqual(want.messages);
    expect(item.responses.map((r) => r.text)).toEqual(want.texts);
    const { score_chosen, score_rejected, ...kept } = extra;
    const scored = (score: unknown) => (score === undefined ? {} : { imported_scores: { score } });
    expect(item.responses.map((r) => [r.externalId.startsWith(`${item.externalId}-`), r.modelId, r.metadata])).toEqual([
      [true, null, scored(score_chosen)],
      [true, null, scored(score_rejected)],
    ]);
    expect(item.labels).toEqual([{ worker: null, ranking: [[item.responses[0]!.externalId], [item.responses[1]!.externalId]] }]);
    expect(item.metadata).toEqual(kept);
    expect(item.externalId).toMatch(/^trl-[0-9a-f]{16}$/);
  });
  return items;
}
const only = (list: unknown) => (list as ImportMessage[])[0]!.content;

describe('trlParser', () => {
  it("reads standard rows: the prompt is one user message; scores are the responses' imported scores, margin is metadata", async () => {
    const items = await expectRoundTrip('trl-standard.jsonl', (row) => ({
      messages: [user(row.prompt as string)],
      texts: [row.chosen, row.rejected],
    }));
    expect(items[3]!.metadata).toEqual({ margin: 9, source: 'ultrafeedback-style' });
    expect(items[3]!.responses.map((r) => r.metadata)).toEqual([{ imported_scores: { score: 10 } }, { imported_scores: { score: 1 } }]);
    expect(items[2]!.responses[0]!.text).toBe('Cold rain on maples\nred leaves loosen one by one\nthe gutter runs bright');
  });

  it('reads conversational rows: the prompt list is the conversation', async () => {
    const items = await expectRoundTrip('trl-conversational.jsonl', (row) => ({
      messages: row.prompt,
      texts: [only(row.chosen), only(row.rejected)],
    }));
    expect(items[1]!.messages[0]).toEqual({ role: 'system', content: 'You are a helpful cooking assistant.' });
    expect(items[2]!.messages).toHaveLength(3);
  });

  it('reads implicit-prompt rows: the shared beginning is the conversation, the last messages the responses', async () => {
    const items = await expectRoundTrip('trl-implicit.jsonl', (row) => {
      const chosen = row.chosen as ImportMessage[];
      return { messages: chosen.slice(0, -1), texts: [chosen.at(-1)!.content, (row.rejected as ImportMessage[]).at(-1)!.content] };
    });
    expect(items[2]!.messages).toEqual([
      user('Convert 5 miles to kilometres.'),
      assistant('5 miles is about 8.05 km.'),
      user('And 26.2 miles?'),
    ]);
    const again = await parseFixture('trl-implicit.jsonl', trlParser(DEFAULT_IMPORT_RULES));
    expect(again.items).toEqual(items);
  });

  it('reports a row missing "rejected", in either shape', () => {
    expect(
      parse([
        { prompt: 'Q?', chosen: 'A.' },
        { prompt: [user('Q?')], chosen: [assistant('A.')] },
      ]).errors,
    ).toEqual([
      { line: 1, path: 'rejected', message: 'Missing "rejected"' },
      { line: 2, path: 'rejected', message: 'Missing "rejected"' },
    ]);
  });

  it('names wrong types', () => {
    expect(parse([{ prompt: 'Q?', chosen: 'A.', rejected: 3, margin: 'high' }]).errors).toEqual([
      { line: 1, path: 'rejected', message: '"rejected" must be a string, as the prompt is' },
      { line: 1, path: 'margin', message: 'Margin must be a number' },
    ]);
    expect(parse([{ prompt: 3, chosen: [assistant('A.'), { role: 'tool', content: 'x' }], rejected: [assistant('B.')] }]).errors).toEqual([
      { line: 1, path: 'prompt', message: '"prompt" must be a list of {role, content} messages' },
      { line: 1, path: 'chosen[1].role', message: 'Role must be "system", "user" or "assistant"' },
    ]);
    expect(parse([{ chosen: 'The sky is blue.', rejected: 'The sky is green.' }]).errors).toEqual([
      { line: 1, path: 'prompt', message: 'Missing "prompt" (only rows whose chosen and rejected are conversations may leave it out)' },
    ]);
  });

  it('refuses completions that are not one assistant message', () => {
    expect(
      parse([
        { prompt: [user('Q?')], chosen: [assistant('A.'), user('More?')], rejected: [assistant('B.')] },
        { prompt: [user('Q?')], chosen: [assistant('A.')], rejected: [user('B.')] },
      ]).errors,
    ).toEqual([
      { line: 1, path: 'chosen', message: 'With a "prompt", "chosen" must be a single assistant message' },
      { line: 2, path: 'rejected', message: 'With a "prompt", "rejected" must be a single assistant message' },
    ]);
  });

  it('refuses implicit-prompt rows without a shared prompt or differing earlier', () => {
    expect(
      parse([
        { chosen: [user('Hi'), assistant('Hello')], rejected: [user('Hey'), assistant('Hello')] },
        {
          chosen: [user('Hi'), assistant('Hello'), user('Bye'), assistant('Bye!')],
          rejected: [user('Hi'), assistant('Go away'), user('Bye'), assistant('Bye!')],
        },
        { chosen: [user('Hi'), assistant('Hello'), user('Bye')], rejected: [user('Hi'), assistant('Hello'), user('Ciao')] },
        { chosen: [assistant('Hello')], rejected: [assistant('Hi')] },
      ]).errors,
    ).toEqual([
      {
        line: 1,
        path: 'chosen',
        message:
          'chosen and rejected share no prompt: without "prompt", both must be the same conversation up to a final assistant message',
      },
      {
        line: 2,
        path: 'chosen',
        message: 'chosen and rejected differ before their final message; only the last assistant message may differ',
      },
      { line: 3, path: 'chosen[2].role', message: 'The final message must be from the assistant, not "user"' },
      {
        line: 4,
        path: 'chosen',
        message:
          'chosen and rejected share no prompt: without "prompt", both must be the same conversation up to a final assistant message',
      },
    ]);
  });

  it('accepts identical and empty responses (real data points of the public files)', () => {
    const { items, errors } = parse([
      { prompt: 'Q?', chosen: 'Same.', rejected: 'Same.' },
      { prompt: 'Q?', chosen: '', rejected: 'B.' },
    ]);
    expect(errors).toEqual([]);
    expect(items.map((i) => i.responses.map((r) => r.text))).toEqual([
      ['Same.', 'Same.'],
      ['', 'B.'],
    ]);
    expect(new Set(items[0]!.responses.map((r) => r.externalId)).size).toBe(2);
  });

  it('refuses over-long responses and a bad prompt', () => {
    const rules = { ...DEFAULT_IMPORT_RULES, maxResponseChars: 10 };
    expect(
      parse(
        [
          { prompt: 'Q?', chosen: 'A.', rejected: 'Far longer than ten.' },
          { prompt: '', chosen: 'A.', rejected: 'B.' },
          { prompt: [user('Q?'), assistant('Hmm')], chosen: [assistant('A.')], rejected: [assistant('B.')] },
          { chosen: [user(''), assistant('A.')], rejected: [user(''), assistant('B.')] },
        ],
        rules,
      ).errors,
    ).toEqual([
      { line: 1, path: 'rejected', message: 'Response text has 20 characters; at most 10 are allowed' },
      { line: 2, path: 'prompt', message: 'Message text is empty' },
      { line: 3, path: 'prompt[1].role', message: 'The conversation must end with a user turn, not "assistant"' },
      { line: 4, path: 'chosen[0].content', message: 'Message text is empty' },
    ]);
  });
});

describe('trlParser, UltraFeedback binarized and margins', () => {
  it('reads the mixed shape: a text prompt, completions that repeat it, scores as imported scores, other columns as metadata', async () => {
    const rows = fixtureRows('trl-ultrafeedback.jsonl');
    const { items, errors } = await parseFixture('trl-ultrafeedback.jsonl', trlParser(DEFAULT_IMPORT_RULES));
    expect(errors).toEqual([]);
    expect(items).toHaveLength(rows.length);
    items.forEach((item, i) => {
      const row = rows[i]!;
      // The shared user turn is the conversation once, not twice.
      expect(item.messages).toEqual([user(row.prompt as string)]);
      expect(item.responses.map((r) => r.text)).toEqual([
        (row.chosen as ImportMessage[]).at(-1)!.content,
        (row.rejected as ImportMessage[]).at(-1)!.content,
      ]);
      expect(item.responses.map((r) => r.metadata)).toEqual([
        { imported_scores: { score: row.score_chosen } },
        { imported_scores: { score: row.score_rejected } },
      ]);
      expect(item.metadata).toEqual({ prompt_id: row.prompt_id, messages: row.messages });
    });
    expect(items[3]!.responses[1]!.text).toBe('');
  });

  it('detects shared turns whether or not each completion repeats the prompt, and a system turn shared by both', () => {
    const { items, errors } = parse([
      { prompt: 'Q?', chosen: [user('Q?'), assistant('A.')], rejected: [assistant('B.')] },
      {
        prompt: [{ role: 'system', content: 'Be brief.' }],
        chosen: [user('Q?'), assistant('A.')],
        rejected: [user('Q?'), assistant('B.')],
      },
    ]);
    expect(errors).toEqual([]);
    expect(items.map((i) => i.messages)).toEqual([[user('Q?')], [{ role: 'system', content: 'Be brief.' }, user('Q?')]]);
    expect(items.map((i) => i.responses.map((r) => r.text))).toEqual([
      ['A.', 'B.'],
      ['A.', 'B.'],
    ]);
  });

  it('honours the margin: 0 is a tie, a positive margin chosen over rejected, a negative one is refused', () => {
    const { items, errors } = parse([
      { prompt: 'Q?', chosen: 'A.', rejected: 'B.', margin: 0 },
      { prompt: 'Q?', chosen: 'A.', rejected: 'C.', margin: 2.5 },
      { prompt: 'Q?', chosen: 'A.', rejected: 'D.', margin: -1 },
    ]);
    expect(items[0]!.labels).toEqual([{ worker: null, ranking: [items[0]!.responses.map((r) => r.externalId)] }]);
    expect(items[1]!.labels).toEqual([{ worker: null, ranking: items[1]!.responses.map((r) => [r.externalId]) }]);
    expect(items[1]!.metadata).toEqual({ margin: 2.5 });
    expect(errors).toEqual([
      {
        line: 3,
        path: 'margin',
        message: 'The margin is negative, which says rejected is better than chosen: swap them or leave the margin out',
      },
    ]);
  });

  it('gives a repeated row its own id', () => {
    const row = { prompt: 'Q?', chosen: 'A.', rejected: 'B.' };
    const { items } = parse([row, row]);
    expect(items[1]!.externalId).toBe(`${items[0]!.externalId}-2`);
    expect(items[1]!.responses[0]!.externalId.startsWith(`${items[1]!.externalId}-`)).toBe(true);
  });
});
