import { describe, expect, it } from 'vitest';
import { createParser, detectFormat, explainDetection, unknownFormatMessage } from '@/lib/import/detect-format';
import { IMPORT_FORMATS } from '@/lib/import/types';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { FIXTURE_FORMATS, fixtureRows, parseFixture } from '@/tests/helpers/parse-fixture';

const FIXTURES = FIXTURE_FORMATS;

describe('detectFormat', () => {
  it.each(FIXTURES)('tells %s from its first row', (file, format) => {
    expect(detectFormat(fixtureRows(file)[0])).toBe(format);
  });

  it('goes by keys, not by what is inside them', () => {
    expect(detectFormat({ responses: 'not a list' })).toBe('native');
    expect(detectFormat({ info: {}, summaries: [] })).toBe('summarize');
    expect(detectFormat({ response_id: 'r1', critiques: [] })).toBe('critiques');
    expect(detectFormat({ response_id: 'r1', flawed: 'x', flaw: {} })).toBe('perturbations');
    expect(detectFormat({ response_id: 'r1', perturbation_id: 'p1', critiques: [] })).toBe('critiques');
    expect(detectFormat({ prompt: 'Q', chosen: '\n\nHuman: Q\n\nAssistant: A', rejected: 'B' })).toBe('trl');
    expect(detectFormat({ prompt: 'Q', chosen: [], rejected: [], prompt_id: 'x', score_chosen: 1, score_rejected: 0, messages: [] })).toBe(
      'trl',
    );
    expect(detectFormat({ item_id: 'q1', messages: [], responses: [], judgments: [] })).toBe('rankings');
    expect(detectFormat({ input: {}, preferred_output: [], non_preferred_output: [] })).toBe('openai-preference');
    expect(detectFormat({ model_a: 'a', model_b: 'b', winner: 'tie', conversation_a: [], conversation_b: [] })).toBe('arena');
    expect(detectFormat({ message_id: 'm', parent_id: null, role: 'prompter', text: 'Q' })).toBe('oasst');
    expect(detectFormat({ message_tree_id: 'm', prompt: { message_id: 'm' } })).toBe('oasst');
    expect(detectFormat({ prompt: 'Q', response: 'A', helpfulness: 3 })).toBe('helpsteer');
    expect(detectFormat({ question: { problem: 'Q' }, label: { steps: [] } })).toBe('prm800k');
    expect(detectFormat({ prompt: 'Q', completions: ['a', 'b'], labels: [true, false] })).toBe('trl-stepwise');
  });

  it("explains a refusal: the first row's keys and every format tried, with why it did not fit", () => {
    expect(explainDetection({ prompt: 'Q', chosen: 'A' }).tried.map((t) => t.format)).toEqual([
      'rankings',
      'native',
      'summarize',
      'perturbations',
      'critiques',
      'openai-preference',
      'arena',
      'oasst',
      'helpsteer',
      'trl',
      'prm800k',
      'trl-stepwise',
      'hh-rlhf',
    ]);
    const message = unknownFormatMessage({ chosen: 'The sky is blue.', rejected: 'The sky is green.' });
    expect(message).toContain('Unknown format: no format fits the first row (keys: "chosen", "rejected")');
    expect(message).toContain('native (needs "responses"; missing "responses")');
    expect(message).toContain('trl (without "prompt", "chosen" and "rejected" must be lists of messages (implicit prompt))');
    expect(message).toContain('hh-rlhf (the transcripts hold no "\\n\\nHuman:" turn)');
    expect(unknownFormatMessage({ message_id: 'm', role: 'user', text: 'x' })).toContain(
      'oasst ("role" is "user", not "prompter" or "assistant")',
    );
    expect(unknownFormatMessage([1])).toBe('Unknown format: the first row is a list, not a JSON object');
    // A row that fits says which format it is and lists the ones tried before it.
    expect(explainDetection({ chosen: '\n\nHuman: Q\n\nAssistant: A', rejected: '\n\nHuman: Q\n\nAssistant: B' })).toMatchObject({
      format: 'hh-rlhf',
    });
  });

  it('returns null for rows no format fits', () => {
    for (const row of [
      null,
      'text',
      42,
      [],
      ['chosen', 'rejected'],
      {},
      { prompt: 'Q', chosen: 'A' },
      { chosen: 'The sky is blue.', rejected: 'The sky is green.' },
      { chosen: '\n\nHuman: Q\n\nAssistant: A', rejected: ['B'] },
      { chosen: [], rejected: 'B' },
    ]) {
      expect(detectFormat(row)).toBeNull();
    }
  });
});

describe('createParser', () => {
  it.each(FIXTURES)('gives a parser that reads %s', async (file, format) => {
    const rows = fixtureRows(file);
    const { items, critiques, errors, perturbations } = await parseFixture(file, createParser(format, DEFAULT_IMPORT_RULES));
    expect(errors).toEqual([]);
    // summarize, helpsteer and oasst merge rows (their own tests count items); every other format yields one item, critique set or perturbation per row.
    if (format === 'summarize') expect(items.length).toBe(new Set(rows.map((r) => (r.info as { id: string }).id)).size);
    else if (format === 'helpsteer') expect(items.length).toBe(new Set(rows.map((r) => r.prompt)).size);
    else if (format !== 'oasst') expect(items.length + critiques.length + (perturbations?.length ?? 0)).toBe(rows.length);
  });

  it('covers every format', () => {
    for (const format of IMPORT_FORMATS) expect(createParser(format, DEFAULT_IMPORT_RULES).push).toBeTypeOf('function');
  });
});
