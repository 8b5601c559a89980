import { describe, expect, it } from 'vitest';
import { hhTranscript } from '@/lib/import/formats/hh-transcript';
import { hhRlhfParser } from '@/lib/import/formats/hh-rlhf';
import type { ImportItem } from '@/lib/import/types';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { fixtureRows, parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

const parse = (rows: unknown[], rules = DEFAULT_IMPORT_RULES) => parseRows(hhRlhfParser(rules), rows);
/** The HH transcript an item and one of its responses stand for, as the hh export writes it: the inverse of the parse. */
const transcript = (item: ImportItem, response: number) => {
  const r = item.responses[response]!;
  return hhTranscript(
    { messages: item.messages, hhPrefix: item.metadata.hh_prefix as string | undefined },
    { text: r.text, hhSeparator: r.metadata.hh_separator as string | undefined },
  );
};
const pair = (chosen: string, rejected: string) => ({ chosen, rejected });

describe('hhRlhfParser', () => {
  it('reads the fixture: shared conversation, two final turns, chosen over rejected', async () => {
    const rows = fixtureRows('hh-rlhf.jsonl');
    const { items, errors } = await parseFixture('hh-rlhf.jsonl', hhRlhfParser(DEFAULT_IMPORT_RULES));
    expect(errors).toEqual([]);
    expect(items).toHaveLength(rows.length);
    items.forEach((item, i) => {
      const { chosen, rejected, ...extra } = rows[i]!;
      expect(item.line).toBe(i + 1);
      expect([transcript(item, 0), transcript(item, 1)]).toEqual([chosen, rejected]);
      expect(item.externalId).toMatch(/^hh-[0-9a-f]{16}$/);
      expect(item.responses.map((r) => [r.externalId.startsWith(`${item.externalId}-`), r.modelId, r.metadata])).toEqual([
        [true, null, {}],
        [true, null, {}],
      ]);
      expect(item.labels).toEqual([{ worker: null, ranking: [[item.responses[0]!.externalId], [item.responses[1]!.externalId]] }]);
      // Plain transcripts render back from their messages: nothing extra is stored.
      expect(item.metadata).toEqual(extra);
      expect(item.goldRanking).toBeNull();
    });
    expect(items[1]!.messages).toEqual([
      { role: 'user', content: 'How do I get my toddler to eat vegetables?' },
      { role: 'assistant', content: "That's a common challenge! Does your toddler refuse all vegetables, or just some?" },
      { role: 'user', content: 'Pretty much all of them, except corn.' },
    ]);
    // The responses start alike ("I think the capital is"); the shared text still belongs to each response.
    expect(items[3]!.responses.map((r) => r.text)).toEqual([
      'I think the capital is Canberra, not Sydney as many people assume.',
      'I think the capital is Sydney, the largest city.',
    ]);
    expect(items[2]!.metadata).toEqual({ source: 'harmless-base' });
    expect(new Set(items.map((i) => i.externalId)).size).toBe(items.length);
    const again = await parseFixture('hh-rlhf.jsonl', hhRlhfParser(DEFAULT_IMPORT_RULES));
    expect(again.items).toEqual(items);
  });

  it('reads the edge cases of the public files, every row byte for byte', async () => {
    const rows = fixtureRows('hh-rlhf-edge.jsonl');
    const { items, errors } = await parseFixture('hh-rlhf-edge.jsonl', hhRlhfParser(DEFAULT_IMPORT_RULES));
    expect(errors).toEqual([]);
    expect(items).toHaveLength(rows.length);
    items.forEach((item, i) => expect([transcript(item, 0), transcript(item, 1)]).toEqual([rows[i]!.chosen, rows[i]!.rejected]));
    const texts = items.map((item) => item.responses.map((r) => r.text));
    // Empty replies: without the marker's space (kept as an empty separator) and with it.
    expect(texts[0]![1]).toBe('');
    expect(items[0]!.responses[1]!.metadata).toEqual({ hh_separator: '' });
    expect(texts[1]![0]).toBe('');
    expect(items[1]!.responses[0]!.metadata).toEqual({});
    // Divergence at an earlier assistant turn: the remainder, further turns and all, is the response.
    expect(items[2]!.messages).toEqual([{ role: 'user', content: 'How do I boil an egg?' }]);
    expect(texts[2]).toEqual([
      'Put the egg in boiling water for about nine minutes for a firm yolk.\n\nHuman: And a soft one?\n\nAssistant: Six to seven minutes, then straight into cold water.',
      'Crack it into a pan.',
    ]);
    expect(items[3]!.messages).toEqual([{ role: 'user', content: "I'm feeling lonely tonight." }]);
    // Marker-like text inside a reply stays text.
    expect(texts[4]).toEqual(['Robot: I am awake.\nHuman: Then make the coffee.', 'Human: Hello.\n\nHuman: Hi.']);
    // Whitespace is never trimmed: two leading spaces, trailing spaces and newline.
    expect(texts[5]![0]).toBe('  ```python\n  print(1)\n  ```  \n');
    // A system turn is a system message, not folded into the first human turn; the exact text is kept for the export.
    expect(items[6]!.messages).toEqual([
      { role: 'system', content: 'You are a terse assistant.' },
      { role: 'user', content: 'What is 2 + 2?' },
    ]);
    expect(items[6]!.metadata).toEqual({ hh_prefix: '\n\nSystem: You are a terse assistant.\n\nHuman: What is 2 + 2?' });
    expect(items[7]!.messages).toEqual([
      { role: 'system', content: 'Transcript of a support chat' },
      { role: 'user', content: 'My router keeps dropping wifi.' },
    ]);
    // Identical transcripts: two responses with distinct ids.
    expect(texts[8]).toEqual(['Hi!', 'Hi!']);
    expect(new Set(items[8]!.responses.map((r) => r.externalId)).size).toBe(2);
    // A repeated row is imported twice, the second with "-2".
    expect(items[10]!.externalId).toBe(`${items[9]!.externalId}-2`);
    expect(items[11]!.messages).toEqual([{ role: 'user', content: '' }]);
    expect(new Set(items.map((i) => i.externalId)).size).toBe(items.length);
  });

  it('accepts a transcript without the leading blank line', () => {
    const { items, errors } = parse([pair('Human: Hi there\n\nAssistant: Hello! How can I help?', 'Human: Hi there\n\nAssistant: What?')]);
    expect(errors).toEqual([]);
    expect(items[0]!.messages).toEqual([{ role: 'user', content: 'Hi there' }]);
    expect(transcript(items[0]!, 0)).toBe('Human: Hi there\n\nAssistant: Hello! How can I help?');
  });

  it('names wrong types and missing fields', () => {
    expect(parse([{ chosen: ['\n\nHuman: Hi'] }]).errors).toEqual([
      { line: 1, path: 'chosen', message: '"chosen" must be a transcript string ("\\n\\nHuman: …\\n\\nAssistant: …")' },
      { line: 1, path: 'rejected', message: 'Missing "rejected"' },
    ]);
  });

  it('refuses transcripts that share no conversation, or whose conversation does not end with a human turn', () => {
    expect(parse([pair('\n\nHuman: Hi\n\nAssistant: Hello', '\n\nHuman: Hey\n\nAssistant: Hello')]).errors).toEqual([
      {
        line: 1,
        path: 'chosen',
        message: 'chosen and rejected share no conversation: they must be the same transcript up to an "\\n\\nAssistant:" turn',
      },
    ]);
    expect(parse([pair('\n\nAssistant: Hello', '\n\nAssistant: Hey')]).errors).toEqual([
      { line: 1, path: 'chosen', message: 'The conversation is empty' },
    ]);
    expect(
      parse([pair('\n\nHuman: Hi\n\nAssistant: Hello\n\nAssistant: A', '\n\nHuman: Hi\n\nAssistant: Hello\n\nAssistant: B')]).errors,
    ).toEqual([{ line: 1, path: 'chosen', message: 'The conversation must end with a user turn, not "assistant"' }]);
  });

  it('refuses over-long final turns', () => {
    const rules = { ...DEFAULT_IMPORT_RULES, maxResponseChars: 20 };
    expect(
      parse([pair('\n\nHuman: Hi\n\nAssistant: Hello! It is a lovely day today.', '\n\nHuman: Hi\n\nAssistant: Hi.')], rules).errors,
    ).toEqual([{ line: 1, path: 'chosen', message: 'Response text has 32 characters; at most 20 are allowed' }]);
  });

  it('reports a project that takes more than two responses', () => {
    expect(
      parse([pair('\n\nHuman: Hi\n\nAssistant: Hello!', '\n\nHuman: Hi\n\nAssistant: Hey.')], { ...DEFAULT_IMPORT_RULES, minResponses: 3 })
        .errors,
    ).toEqual([{ line: 1, path: '', message: 'Has 2 responses; this project takes 3 to 9' }]);
  });
});
