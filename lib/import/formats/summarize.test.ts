import { describe, expect, it } from 'vitest';
import { summarizeParser } from '@/lib/import/formats/summarize';
import type { ImportItem } from '@/lib/import/types';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { fixtureRows, parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

const parse = (rows: unknown[], rules = DEFAULT_IMPORT_RULES) => parseRows(summarizeParser(rules), rows);
/** Labels with response texts in place of ids, to read like the rows. */
const labelTexts = (item: ImportItem) =>
  item.labels.map((l) => ({
    worker: l.worker,
    ranking: l.ranking.map((g) => g.map((id) => item.responses.find((r) => r.externalId === id)?.text)),
  }));
const info = {
  id: 't3_abc',
  subreddit: 'cooking',
  title: 'Bread keeps coming out dense',
  post: 'I follow the recipe exactly but my sourdough never rises much.',
};
const row = (texts: string[], extra: Record<string, unknown> = {}) => ({
  info,
  summaries: texts.map((text) => ({ text, policy: 'ref' })),
  choice: 0,
  worker: 'w1',
  ...extra,
});

describe('summarizeParser', () => {
  it('merges the fixture rows by post: one response per distinct summary, one label per row', async () => {
    const rows = fixtureRows('summarize.jsonl') as { info: Record<string, string> }[];
    const parser = summarizeParser(DEFAULT_IMPORT_RULES);
    const { items, errors } = await parseFixture('summarize.jsonl', parser);
    expect(errors).toEqual([]);
    expect(items.map((i) => [i.externalId, i.line])).toEqual([
      ['t3_1ixzkq', 1],
      ['t3_2b7wvd', 2],
      ['0b4a9e3d3f0c3a1d8b5f2e6c7d9a1b2c3d4e5f60', 5],
    ]);
    const [p1, p2, p3] = items as [ImportItem, ImportItem, ImportItem];
    const { post, title, subreddit } = rows[0]!.info;
    expect(p1.messages).toEqual([{ role: 'user', content: `SUBREDDIT: r/${subreddit}\nTITLE: ${title}\nPOST: ${post}` }]);
    expect(p1.metadata).toEqual({ id: 't3_1ixzkq', subreddit, title });
    const [a, b, c] = [
      'I feel like my boyfriend always puts work ahead of our plans and I want to tell him it bothers me without starting a fight.',
      'Boyfriend cancels plans a lot, what do?',
      'My boyfriend of two years has cancelled half our weekend plans for months to cover shifts; how do I tell him it hurts without making him feel guilty about work?',
    ];
    expect(p1.responses.map((r) => [r.text, r.modelId, r.metadata])).toEqual([
      [a, 'sup4_ppo_rm4_t.7', { note: null }],
      [b, 'pretrain_6b_t.7', { note: null }],
      [c, 'ref', { note: 'covers the guilt part' }],
    ]);
    expect(labelTexts(p1)).toEqual([
      { worker: 'w_9KcL2pQx', ranking: [[a], [b]] },
      { worker: 'w_3hRt7ZmV', ranking: [[c], [a]] },
      { worker: 'w_Uf8aYd4N', ranking: [[c], [b]] },
      { worker: 'w_Uf8aYd4N', ranking: [[a], [c]] },
    ]);
    expect(p2.responses.map((r) => r.modelId)).toEqual(['ref', 'sup4_6b_t.7']);
    expect(labelTexts(p2).map((l) => l.ranking)).toEqual([
      [[p2.responses[0]!.text], ['Should I pay off my car?']],
      [[p2.responses[0]!.text], ['Should I pay off my car?']],
    ]);
    // A CNN/DM row: an article instead of a post, no subreddit.
    expect(p3.messages[0]!.content).toBe(`TITLE: ${rows[4]!.info.title}\nARTICLE: ${rows[4]!.info.article}`);
    expect(p3.metadata).toEqual({ id: p3.externalId, site: 'dailymail', title: rows[4]!.info.title });
    expect(labelTexts(p3)).toEqual([
      {
        worker: 'w_9KcL2pQx',
        ranking: [
          ['Record 34.2C heat at Heathrow; heatwave to last until Thursday storms, rail speed limits in place.'],
          ['It was hot in England.'],
        ],
      },
    ]);
    for (const item of items) {
      expect(item.goldRanking).toBeNull();
      for (const r of item.responses) expect(r.externalId).toMatch(new RegExp(`^${item.externalId}-[0-9a-f]{16}$`));
    }
    expect(parser.finish()).toEqual({ items: [], critiques: [], errors: [] });
  });

  it('emits nothing before finish()', () => {
    const parser = summarizeParser(DEFAULT_IMPORT_RULES);
    expect(parser.push(1, row(['Dense sourdough.', 'Bread is dense.']))).toEqual({ items: [], critiques: [], errors: [] });
    expect(parser.finish().items).toHaveLength(1);
  });

  it('names wrong types', () => {
    expect(parse([{ info: { id: '', title: 3 }, summaries: [{ text: 'a' }, { text: 7 }], choice: 2, worker: 9 }]).errors).toEqual([
      { line: 1, path: 'info.id', message: 'Post id must not be empty' },
      { line: 1, path: 'info.title', message: 'Title must be a string' },
      { line: 1, path: 'summaries[1].text', message: 'Summary text must be a string' },
      { line: 1, path: 'choice', message: 'Choice must be 0 or 1 (the index of the preferred summary)' },
      { line: 1, path: 'worker', message: 'Worker must be a string' },
    ]);
    expect(parse([{ info: { id: true, post: 'P' }, summaries: [{ text: 'a' }, { text: 'b' }], choice: 0 }]).errors).toEqual([
      { line: 1, path: 'info.id', message: 'Post id must be a string or an integer' },
    ]);
    expect(parse([{ info: { id: 5 }, summaries: [{ text: 'a' }, { text: 'b' }], choice: 0 }]).errors).toEqual([
      { line: 1, path: 'info.post', message: 'Give exactly one of "post" or "article"' },
    ]);
  });

  it('refuses a comparison of one summary, or of two identical ones', () => {
    expect(parse([row(['Dense sourdough.']), row(['Dense sourdough.', ' Dense sourdough. '])]).errors).toEqual([
      { line: 1, path: 'summaries', message: 'A comparison has exactly two summaries' },
      { line: 2, path: 'summaries', message: 'The two summaries are identical' },
    ]);
  });

  it('refuses a post that collects more responses than the project takes, on its first line', () => {
    const rows = Array.from({ length: 5 }, (_, i) => row([`Summary ${2 * i + 1}`, `Summary ${2 * i + 2}`]));
    expect(parse([row(['Other post A', 'Other post B'], { info: { ...info, id: 't3_other' } }), ...rows]).errors).toEqual([
      { line: 2, path: 'summaries', message: 'Has 10 responses; this project takes 2 to 9' },
    ]);
    expect(parse([row(['A', 'B'])], { ...DEFAULT_IMPORT_RULES, minResponses: 3 }).errors).toEqual([
      { line: 1, path: 'summaries', message: 'Has 2 responses; this project takes 3 to 9' },
    ]);
  });

  it('refuses a later row whose post differs', () => {
    expect(
      parse([
        row(['A', 'B']),
        row(['A', 'C'], { info: { ...info, post: 'A different post.' } }),
        row(['A', 'D'], { info: { ...info, title: 'Retitled' } }),
      ]).errors,
    ).toEqual([
      { line: 2, path: 'info.post', message: 'Rows about post "t3_abc" disagree: this post differs from the one on line 1' },
      { line: 3, path: 'info.title', message: 'Rows about post "t3_abc" disagree: this title differs from the one on line 1' },
    ]);
  });

  it('refuses empty and over-long summaries and an empty post', () => {
    expect(
      parse([row(['Fine.', '   ']), row(['Fine.', 'Longer than twenty characters.']), row(['A', 'B'], { info: { ...info, post: ' ' } })], {
        ...DEFAULT_IMPORT_RULES,
        maxResponseChars: 20,
      }).errors,
    ).toEqual([
      { line: 1, path: 'summaries[1].text', message: 'Response text is empty' },
      { line: 2, path: 'summaries[1].text', message: 'Response text has 30 characters; at most 20 are allowed' },
      { line: 3, path: 'info.post', message: 'Post text is empty' },
    ]);
  });
});
