/**
 * Golden rows for the export formats. The expected lines are written by hand from the rules in
 * docs/export.md (the split values from a separate sha256 computation), not produced by the code.
 */
import { describe, expect, it } from 'vitest';
import { expandPairs, itemAgreement } from '@/lib/export/expand-pairs';
import { canWritePairs, consensusOrder, jsonLine, pairFormatRow, rankingsRow, rawRows, sftRows } from '@/lib/export/format-rows';
import { splitFor } from '@/lib/export/split';
import { DEFAULT_PAIR_OPTIONS, type ExportItem, type ExportJudgment, type PairOptions } from '@/lib/export/types';

const judgment = (
  labeler: string,
  ranking: string[][],
  likert: Record<string, number>,
  extra: Partial<ExportJudgment> = {},
): ExportJudgment => ({
  judgmentId: `j-${labeler}`,
  labeler,
  source: 'LABELED',
  ranking,
  allUnacceptable: false,
  likert,
  flags: {},
  flaws: {},
  promptFlags: [],
  shownOrder: ['r1', 'r2', 'r3', 'r4'],
  durationMs: 1000,
  taxonomyVersion: 1,
  createdAt: '2026-11-28T10:00:00.000Z',
  ...extra,
});

const item: ExportItem = {
  itemId: 'uuid-q1',
  externalId: 'q1',
  messages: [{ role: 'user', content: 'What is 2+2?' }],
  responses: [
    { id: 'r1', externalId: 'a', modelId: 'm-a', text: '4' },
    { id: 'r2', externalId: 'b', modelId: 'm-b', text: '5' },
    { id: 'r3', externalId: 'c', modelId: 'm-c', text: 'four' },
    { id: 'r4', externalId: 'd', modelId: 'm-d', text: '22' },
  ],
  isGold: false,
  adjudicatedRanking: null,
  judgments: [
    judgment('L1', [['r1'], ['r3'], ['r2'], ['r4']], { r1: 7, r2: 2, r3: 6, r4: 1 }),
    judgment('L2', [['r1', 'r3'], ['r2'], ['r4']], { r1: 6, r2: 3, r3: 6, r4: 1 }),
    judgment('L3', [['r3'], ['r1'], ['r4'], ['r2']], { r1: 5, r2: 2, r3: 7, r4: 2 }),
  ],
};

const options = (o: Partial<PairOptions> = {}): PairOptions => ({ ...DEFAULT_PAIR_OPTIONS, ...o });
const lines = (rows: Record<string, unknown>[]) => rows.map((r) => jsonLine(r));
const SPLIT = { validationShare: 0.1, splitBy: 'conversation' };
const ids = (o: Partial<PairOptions>, it: ExportItem = item) =>
  expandPairs(it, options(o)).map((p) => `${p.chosen.id}>${p.rejected.id}${p.tie ? ' tie' : ''}`);

describe('per-labeler pairs', () => {
  it('a full ranking of K = 4 gives 6 pairs; with one tie, 5', () => {
    const only = (labeler: string) => ({ ...item, judgments: item.judgments.filter((j) => j.labeler === labeler) });
    expect(ids({}, only('L1'))).toEqual(['r1>r3', 'r1>r2', 'r1>r4', 'r3>r2', 'r3>r4', 'r2>r4']);
    expect(ids({}, only('L2'))).toEqual(['r1>r2', 'r3>r2', 'r1>r4', 'r3>r4', 'r2>r4']);
    expect(ids({ ties: 'keep' }, only('L2'))).toEqual(['r1>r3 tie', 'r1>r2', 'r3>r2', 'r1>r4', 'r3>r4', 'r2>r4']);
    expect(expandPairs(item, options())).toHaveLength(6 + 5 + 6);
  });

  it('"the rest tie below" (issue 17): the unplaced responses are a tie, so with ties dropped there is no pair between them', () => {
    // Five responses; the labeler placed C > B > A and declared D and E "the rest tie below".
    const five: ExportItem = {
      ...item,
      responses: ['a', 'b', 'c', 'd', 'e'].map((x) => ({ id: x.toUpperCase(), externalId: x, modelId: `m-${x}`, text: x })),
      judgments: [
        judgment(
          'L1',
          [['C'], ['B'], ['A'], ['D', 'E']],
          { A: 3, B: 5, C: 6 },
          { shownOrder: ['A', 'B', 'C', 'D', 'E'], restGroupedBelow: true },
        ),
      ],
    };
    expect(ids({}, five)).toEqual(['C>B', 'C>A', 'C>D', 'C>E', 'B>A', 'B>D', 'B>E', 'A>D', 'A>E']);
    expect(ids({ ties: 'keep' }, five)).toContain('D>E tie');
    expect(ids({ ties: 'keep' }, five).filter((p) => p.startsWith('D>') || p.startsWith('E>'))).toEqual(['D>E tie']);
    const row = rankingsRow(five, { validationShare: 0, splitBy: 'conversation' });
    expect((row.judgments as Record<string, unknown>[])[0]).toMatchObject({
      ranking: [['c'], ['b'], ['a'], ['d', 'e']],
      rest_grouped_below: true,
    });
    expect(rawRows(five)[0]).toMatchObject({ judgment_id: 'j-L1', rest_grouped_below: true });
  });

  it('writes the TRL standard row with the hh template, tie and weight on every row, and no margin unless asked', () => {
    const l2 = { ...item, judgments: [item.judgments[1]!] };
    // L2 gives 5 strict pairs: each weighs 1/5.
    expect(
      lines(
        expandPairs(l2, options())
          .slice(0, 1)
          .map((p) => pairFormatRow('pairs', p)),
      ),
    ).toEqual([
      '{"prompt":"\\n\\nHuman: What is 2+2?\\n\\nAssistant:","chosen":" 4","rejected":" 5","tie":false,"weight":0.2,"item_id":"q1","chosen_id":"a","rejected_id":"b","labeler":"L2","split":"train","votes":{"chosen":1,"rejected":0,"tie":0}}',
    ]);
    expect(
      lines(
        expandPairs(l2, options({ margin: 'votes' }))
          .slice(0, 1)
          .map((p) => pairFormatRow('pairs', p, { promptTemplate: 'none' })),
      ),
    ).toEqual([
      '{"prompt":"What is 2+2?","chosen":"4","rejected":"5","margin":1.0,"tie":false,"weight":0.2,"item_id":"q1","chosen_id":"a","rejected_id":"b","labeler":"L2","split":"train","votes":{"chosen":1,"rejected":0,"tie":0}}',
    ]);
    // Likert margin: 6 − 3.
    expect(expandPairs(l2, options({ margin: 'likert' }))[0]?.margin).toBe(3);
  });

  it('leaves out judgments marked all unacceptable', () => {
    const bad = { ...item, judgments: [judgment('L9', [], {}, { allUnacceptable: true })] };
    expect(expandPairs(bad, options())).toEqual([]);
  });
});

describe('consensus pairs', () => {
  it('takes the majority per response pair with the vote-share margin; ties dropped by default', () => {
    const none = { promptTemplate: 'none' as const };
    expect(lines(expandPairs(item, options({ mode: 'consensus', margin: 'votes' })).map((p) => pairFormatRow('pairs', p, none)))).toEqual([
      '{"prompt":"What is 2+2?","chosen":"4","rejected":"5","margin":1.0,"tie":false,"weight":1.0,"item_id":"q1","chosen_id":"a","rejected_id":"b","labeler":null,"split":"train","votes":{"chosen":3,"rejected":0,"tie":0}}',
      '{"prompt":"What is 2+2?","chosen":"4","rejected":"22","margin":1.0,"tie":false,"weight":1.0,"item_id":"q1","chosen_id":"a","rejected_id":"d","labeler":null,"split":"train","votes":{"chosen":3,"rejected":0,"tie":0}}',
      '{"prompt":"What is 2+2?","chosen":"four","rejected":"5","margin":1.0,"tie":false,"weight":1.0,"item_id":"q1","chosen_id":"c","rejected_id":"b","labeler":null,"split":"train","votes":{"chosen":3,"rejected":0,"tie":0}}',
      '{"prompt":"What is 2+2?","chosen":"5","rejected":"22","margin":0.3333333333333333,"tie":false,"weight":1.0,"item_id":"q1","chosen_id":"b","rejected_id":"d","labeler":null,"split":"train","votes":{"chosen":2,"rejected":1,"tie":0}}',
      '{"prompt":"What is 2+2?","chosen":"four","rejected":"22","margin":1.0,"tie":false,"weight":1.0,"item_id":"q1","chosen_id":"c","rejected_id":"d","labeler":null,"split":"train","votes":{"chosen":3,"rejected":0,"tie":0}}',
    ]);
  });

  it('keeps the 1–1–1 pair as a tie when asked, and uses the mean Likert difference as the margin option', () => {
    const kept = expandPairs(item, options({ mode: 'consensus', ties: 'keep', margin: 'votes' }));
    expect(kept.map((p) => `${p.chosen.id}>${p.rejected.id}${p.tie ? ' tie' : ''}`)).toEqual([
      'r1>r2',
      'r1>r3 tie',
      'r1>r4',
      'r3>r2',
      'r2>r4',
      'r3>r4',
    ]);
    expect(kept[1]).toMatchObject({ tie: true, margin: 0, votes: { chosen: 1, rejected: 1, tie: 1 } });
    const likert = expandPairs(item, options({ mode: 'consensus', margin: 'likert' }));
    // b over d: (2−1 + 3−1 + 2−2) / 3 = 1; c over b: (6−2 + 6−3 + 7−2) / 3 = 4.
    expect(likert.find((p) => p.chosen.id === 'r2')?.margin).toBe(1);
    expect(likert.find((p) => p.chosen.id === 'r3' && p.rejected.id === 'r2')?.margin).toBe(4);
  });

  it('drops pairs under the minimum votes', () => {
    const two = { ...item, judgments: item.judgments.slice(0, 2) };
    expect(expandPairs(two, options({ mode: 'consensus', minVotes: 3 }))).toEqual([]);
    // With L1 and L2 alone, a–c has one vote for a and one tie: a is chosen with margin (1 − 0) / 2.
    const kept = expandPairs(two, options({ mode: 'consensus', minVotes: 2, margin: 'votes' }));
    expect(kept).toHaveLength(6);
    expect(kept[1]).toMatchObject({
      chosen: { id: 'r1' },
      rejected: { id: 'r3' },
      tie: false,
      margin: 0.5,
      votes: { chosen: 1, rejected: 0, tie: 1 },
    });
  });
});

describe('item filters', () => {
  it('minimum agreement: the item agrees on 13 of 16 strict pairs compared', () => {
    // L1–L2: 5 compared (r1–r3 tied by L2), 5 agree; L1–L3: 6 compared, 4 agree (r1–r3, r2–r4 differ);
    // L2–L3: 5 compared, 4 agree (r2–r4 differs) → 13 / 16.
    expect(itemAgreement(item)).toBeCloseTo(13 / 16, 12);
    expect(expandPairs(item, options({ minAgreement: 0.8 }))).toHaveLength(17);
    expect(expandPairs(item, options({ minAgreement: 0.85 }))).toEqual([]);
    expect(expandPairs({ ...item, judgments: [item.judgments[0]!] }, options({ minAgreement: 0 }))).toEqual([]);
  });

  it('excludes gold items and flagged responses on request', () => {
    expect(expandPairs({ ...item, isGold: true }, options({ excludeGold: true }))).toEqual([]);
    const flagged = { ...item, judgments: [{ ...item.judgments[0]!, flags: { r4: ['harmful_advice'] } }] };
    expect(ids({ excludeFlags: ['harmful_advice'] }, flagged)).toEqual(['r1>r3', 'r1>r2', 'r3>r2']);
  });

  it('an adjudicated item uses the lead ranking alone', () => {
    const adjudicated = { ...item, adjudicatedRanking: [['r3'], ['r1'], ['r2', 'r4']] };
    expect(expandPairs(adjudicated, options()).map((p) => `${p.labeler}:${p.chosen.id}>${p.rejected.id}`)).toEqual([
      'adjudication:r3>r1',
      'adjudication:r3>r2',
      'adjudication:r3>r4',
      'adjudication:r1>r2',
      'adjudication:r1>r4',
    ]);
    expect(consensusOrder(adjudicated)).toEqual([['r3'], ['r1'], ['r2', 'r4']]);
  });
});

describe('other formats', () => {
  const first = () => expandPairs({ ...item, judgments: [item.judgments[0]!] }, options())[0]!;

  it('pairs-chat, hh, openai-dpo, axolotl-dpo and openrlhf', () => {
    // L1's full ranking of 4 gives 6 pairs: each weighs 1/6.
    expect(jsonLine(pairFormatRow('pairs-chat', first()))).toBe(
      '{"prompt":[{"role":"user","content":"What is 2+2?"}],"chosen":[{"role":"assistant","content":"4"}],"rejected":[{"role":"assistant","content":"four"}],"tie":false,"weight":0.16666666666666666,"item_id":"q1","chosen_id":"a","rejected_id":"c","labeler":"L1","split":"train","votes":{"chosen":1,"rejected":0,"tie":0}}',
    );
    expect(jsonLine(pairFormatRow('hh', first()))).toBe(
      '{"chosen":"\\n\\nHuman: What is 2+2?\\n\\nAssistant: 4","rejected":"\\n\\nHuman: What is 2+2?\\n\\nAssistant: four","weight":0.16666666666666666,"item_id":"q1","chosen_id":"a","rejected_id":"c","labeler":"L1","split":"train","votes":{"chosen":1,"rejected":0,"tie":0}}',
    );
    expect(jsonLine(pairFormatRow('openai-dpo', first()))).toBe(
      '{"input":{"messages":[{"role":"user","content":"What is 2+2?"}]},"preferred_output":[{"role":"assistant","content":"4"}],"non_preferred_output":[{"role":"assistant","content":"four"}]}',
    );
    expect(jsonLine(pairFormatRow('axolotl-dpo', first()))).toBe(
      '{"messages":[{"role":"user","content":"What is 2+2?"}],"chosen":{"role":"assistant","content":"4"},"rejected":{"role":"assistant","content":"four"},"weight":0.16666666666666666,"item_id":"q1","chosen_id":"a","rejected_id":"c","labeler":"L1","split":"train","votes":{"chosen":1,"rejected":0,"tie":0}}',
    );
    expect(jsonLine(pairFormatRow('openrlhf', first()))).toBe(
      '{"chosen":[{"role":"user","content":"What is 2+2?"},{"role":"assistant","content":"4"}],"rejected":[{"role":"user","content":"What is 2+2?"},{"role":"assistant","content":"four"}],"weight":0.16666666666666666,"item_id":"q1","chosen_id":"a","rejected_id":"c","labeler":"L1","split":"train","votes":{"chosen":1,"rejected":0,"tie":0}}',
    );
  });

  it('hh puts a system message at the start of the first human turn; "pairs" renders a conversation with the template, or leaves it out', () => {
    const chat: ExportItem = {
      ...item,
      externalId: 'q2',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Name a color.' },
      ],
      judgments: [judgment('L1', [['r2'], ['r1']], {})],
      responses: item.responses.slice(0, 2),
    };
    const [pair] = expandPairs(chat, options());
    expect(pairFormatRow('hh', pair!)).toMatchObject({ chosen: '\n\nHuman: Be brief.\n\nName a color.\n\nAssistant: 5', split: 'train' });
    expect(pairFormatRow('pairs', pair!)).toMatchObject({
      prompt: '\n\nHuman: Be brief.\n\nName a color.\n\nAssistant:',
      chosen: ' 5',
      rejected: ' 4',
    });
    const turns: ExportItem = {
      ...chat,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Name a color.' },
      ],
    };
    const [turnPair] = expandPairs(turns, options());
    expect(pairFormatRow('pairs', turnPair!)).toMatchObject({
      prompt: '\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Name a color.\n\nAssistant:',
      chosen: ' 5',
    });
    expect(canWritePairs('pairs', turns, { promptTemplate: 'hh', multiTurn: 'render' })).toBe(true);
    expect(canWritePairs('pairs', turns, { promptTemplate: 'hh', multiTurn: 'skip' })).toBe(false);
    expect(canWritePairs('hh', turns, { promptTemplate: 'hh', multiTurn: 'skip' })).toBe(false);
    // Without a template "pairs" holds a single user prompt: a system message is a conversation too.
    expect(canWritePairs('pairs', chat, { promptTemplate: 'none', multiTurn: 'render' })).toBe(false);
    expect(canWritePairs('pairs', item, { promptTemplate: 'none', multiTurn: 'render' })).toBe(true);
    expect(canWritePairs('pairs-chat', turns, { promptTemplate: 'none', multiTurn: 'skip' })).toBe(true);
  });

  it('rankings: one row per item with the consensus order and every judgment, per-response data as a list of records', () => {
    // Majorities: a–c 1:1 (tie) so {a, c} hold against each other; both beat b 3:0 and d; b beats d 2:1.
    const row = rankingsRow(item, SPLIT);
    expect(row).toMatchObject({ item_id: 'q1', consensus: [['a', 'c'], ['b'], ['d']], adjudicated: false, is_gold: false, split: 'train' });
    expect(row.responses).toEqual([
      { id: 'a', text: '4', model: 'm-a' },
      { id: 'b', text: '5', model: 'm-b' },
      { id: 'c', text: 'four', model: 'm-c' },
      { id: 'd', text: '22', model: 'm-d' },
    ]);
    expect((row.judgments as unknown[])[1]).toEqual({
      labeler: 'L2',
      source: 'labeled',
      ranking: [['a', 'c'], ['b'], ['d']],
      all_unacceptable: false,
      rest_grouped_below: false,
      ratings: [
        { response_id: 'a', likert: 6, flags: [], flaws: [] },
        { response_id: 'b', likert: 3, flags: [], flaws: [] },
        { response_id: 'c', likert: 6, flags: [], flaws: [] },
        { response_id: 'd', likert: 1, flags: [], flaws: [] },
      ],
      prompt_flags: [],
      shown_order: ['a', 'b', 'c', 'd'],
      duration_ms: 1000,
      taxonomy_version: 1,
      created_at: '2026-11-28T10:00:00.000Z',
      labeler_groups: null,
      aspects: null,
    });
    expect(rawRows(item).map((r) => [r.judgment_id, r.item_id, r.labeler])).toEqual([
      ['j-L1', 'q1', 'L1'],
      ['j-L2', 'q1', 'L2'],
      ['j-L3', 'q1', 'L3'],
    ]);
  });
});

describe('sft', () => {
  it('one row per accepted demonstration: the conversation, then the demonstration as the assistant turn', () => {
    const withDemos: ExportItem = {
      ...item,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is 2+2?' },
      ],
      demonstrations: [
        { demonstrationId: 'd1', labeler: 'L1', text: 'It is 4.' },
        { demonstrationId: 'd2', labeler: 'L3', text: '4' },
      ],
    };
    expect(lines(sftRows(withDemos, SPLIT))).toEqual([
      '{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"What is 2+2?"},{"role":"assistant","content":"It is 4."}],"item_id":"q1","demonstration_id":"d1","labeler":"L1","split":"train"}',
      '{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"What is 2+2?"},{"role":"assistant","content":"4"}],"item_id":"q1","demonstration_id":"d2","labeler":"L3","split":"train"}',
    ]);
  });

  it('an item without demonstrations gives no rows (none are collected yet)', () => {
    expect(sftRows(item, SPLIT)).toEqual([]);
    expect(sftRows({ ...item, demonstrations: [] }, SPLIT)).toEqual([]);
  });
});

describe('split', () => {
  it('hashes the prompt, so the same prompt lands on one side whatever the item or the labels', () => {
    // sha256('[["user","What is 2+2?"]]') starts with a fraction of 0.1101 of 2³².
    expect(splitFor(item.messages, 0.1)).toBe('train');
    expect(splitFor(item.messages, 0.12)).toBe('validation');
    expect(expandPairs({ ...item, itemId: 'other', judgments: [item.judgments[2]!] }, options({ validationShare: 0.12 }))[0]?.split).toBe(
      'validation',
    );
  });

  it('puts about the validation share of prompts in validation', () => {
    let validation = 0;
    for (let i = 0; i < 2000; i++) if (splitFor([{ role: 'user', content: `prompt ${i}` }], 0.2) === 'validation') validation += 1;
    // Binomial(2000, 0.2): sd ≈ 17.9; 4 sd either side.
    expect(Math.abs(validation - 400)).toBeLessThan(72);
  });
});
