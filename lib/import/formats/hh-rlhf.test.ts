import { describe, expect, it } from 'vitest';
import { hhRlhfParser } from '@/lib/import/formats/hh-rlhf';
import type { ImportItem } from '@/lib/import/types';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { fixtureRows, parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

const parse = (rows: unknown[], rules = DEFAULT_IMPORT_RULES) => parseRows(hhRlhfParser(rules), rows);
/** The HH transcript an item and one of its responses stand for: the inverse of the parse. */
const transcript = (item: ImportItem, response: number) =>
  [...item.messages.map((m) => `\n\n${m.role === 'user' ? 'Human' : 'Assistant'}: ${m.content}`), `\n\nAssistant: ${item.responses[response]!.text}`].join('');
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
      expect(item.responses.map((r) => [r.externalId.startsWith(`${item.externalId}-`), r.modelId, r.metadata])).toEqual([[true, null, {}], [true, null, {}]]);
      expect(item.labels).toEqual([{ worker: null, ranking: [[item.responses[0]!.externalId], [item.responses[1]!.externalId]] }]);
      expect(item.metadata).toEqual(extra);
      expect(item.goldRanking).toBeNull();
    });
    expect(items[1]!.messages).toEqual([
      { role: 'user', content: 'How do I get my toddler to eat vegetables?' },
      { role: 'assistant', content: "That's a common challenge! Does your toddler refuse all vegetables, or just some?" },
      { role: 'user', content: 'Pretty much all of them, except corn.' },
    ]);
    // The responses start alike ("I think the capital is"); the shared text still belongs to each response.
    expect(items[3]!.responses.map((r) => r.text)).toEqual(['I think the capital is Canberra, not Sydney as many people assume.', 'I think the capital is Sydney, the largest city.']);
    expect(items[2]!.metadata).toEqual({ source: 'harmless-base' });
    expect(new Set(items.map((i) => i.externalId)).size).toBe(items.length);
    const again = await parseFixture('hh-rlhf.jsonl', hhRlhfParser(DEFAULT_IMPORT_RULES));
    expect(again.items).toEqual(items);
  });

  it('accepts a transcript without the leading blank line', () => {
    const { items, errors } = parse([pair('Human: Hi there\n\nAssistant: Hello! How can I help?', 'Human: Hi there\n\nAssistant: What?')]);
    expect(errors).toEqual([]);
    expect(items[0]!.messages).toEqual([{ role: 'user', content: 'Hi there' }]);
  });

  it('names wrong types and missing fields', () => {
    expect(parse([{ chosen: ['\n\nHuman: Hi'] }]).errors).toEqual([
      { line: 1, path: 'chosen', message: '"chosen" must be a transcript string ("\\n\\nHuman: …\\n\\nAssistant: …")' },
      { line: 1, path: 'rejected', message: 'Missing "rejected"' },
    ]);
  });

  it('refuses transcripts that share no conversation, or differ before the last turn', () => {
    expect(parse([pair('\n\nHuman: Hi\n\nAssistant: Hello', '\n\nHuman: Hey\n\nAssistant: Hello')]).errors).toEqual([
      { line: 1, path: 'chosen', message: 'chosen and rejected share no conversation: they must be the same transcript up to a final "Assistant:" turn' },
    ]);
    expect(parse([pair('\n\nHuman: Hi\n\nAssistant: Hello\n\nHuman: Bye\n\nAssistant: Bye!', '\n\nHuman: Hi\n\nAssistant: Go away\n\nHuman: Bye\n\nAssistant: Bye!')]).errors).toEqual([
      { line: 1, path: 'chosen', message: 'chosen and rejected differ before their final "Assistant:" turn; only the last assistant reply may differ' },
    ]);
    expect(parse([pair('Context: chat log\n\nHuman: Hi\n\nAssistant: Hello', 'Context: chat log\n\nHuman: Hi\n\nAssistant: Hey')]).errors).toEqual([
      { line: 1, path: 'chosen', message: 'The transcript must start with a "Human:" turn' },
    ]);
  });

  it('refuses identical, empty and over-long final turns', () => {
    const rules = { ...DEFAULT_IMPORT_RULES, maxResponseChars: 20 };
    expect(
      parse(
        [
          pair('\n\nHuman: Hi\n\nAssistant: Hello!', '\n\nHuman: Hi\n\nAssistant:  Hello! '),
          pair('\n\nHuman: Hi\n\nAssistant: Hello!', '\n\nHuman: Hi\n\nAssistant: '),
          pair('\n\nHuman: Hi\n\nAssistant: Hello! It is a lovely day today.', '\n\nHuman: Hi\n\nAssistant: Hi.'),
          pair('\n\nHuman: \n\nAssistant: Hello!', '\n\nHuman: \n\nAssistant: Hi.'),
        ],
        rules,
      ).errors,
    ).toEqual([
      { line: 1, path: 'rejected', message: 'chosen and rejected are identical' },
      { line: 2, path: 'rejected', message: 'Response text is empty' },
      { line: 3, path: 'chosen', message: 'Response text has 32 characters; at most 20 are allowed' },
      { line: 4, path: 'chosen', message: 'Message text is empty' },
    ]);
  });

  it('reports a project that takes more than two responses', () => {
    expect(parse([pair('\n\nHuman: Hi\n\nAssistant: Hello!', '\n\nHuman: Hi\n\nAssistant: Hey.')], { ...DEFAULT_IMPORT_RULES, minResponses: 3 }).errors).toEqual([
      { line: 1, path: '', message: 'Has 2 responses; this project takes 3 to 9' },
    ]);
  });
});
