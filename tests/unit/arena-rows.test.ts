/**
 * Issue 26: the export rows of arena votes, as golden rows, and checked against the code they must
 * agree with: lib/import's arena reader (rows → importer → the same battles) and lib/export's own
 * pairs-chat and rankings rows and split rule for the equivalent ranked item.
 */
import { describe, expect, it } from 'vitest';
import { arenaRows, battleSplit, pairsChatRows, rankingsRows } from '@/lib/arena/arena-rows';
import type { ArenaVote } from '@/lib/arena/types';
import { expandPairs } from '@/lib/export/expand-pairs';
import { pairFormatRow, rankingsRow } from '@/lib/export/format-rows';
import { splitOf } from '@/lib/export/split';
import { DEFAULT_PAIR_OPTIONS, type ExportItem } from '@/lib/export/types';
import { arenaParser } from '@/lib/import/formats/arena';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { parseRows } from '@/tests/helpers/parse-fixture';

const at = new Date('2026-12-06T12:00:00.000Z');
const user = (content: string) => ({ role: 'user' as const, content });
const bot = (content: string) => ({ role: 'assistant' as const, content });

/** Turn 1: B wins. Turn 2 (Arena style: each side its own thread): a tie. Turn 3: all bad. */
const turn1: ArenaVote = {
  battleId: 'bt1',
  turn: 1,
  sides: [
    { connectionId: 'c1', model: 'alpha', conversation: [user('Why is the sky blue?'), bot('Rayleigh.')], answer: 'Rayleigh.' },
    {
      connectionId: 'c2',
      model: 'beta',
      conversation: [user('Why is the sky blue?'), bot('Rayleigh scattering of sunlight.')],
      answer: 'Rayleigh scattering of sunlight.',
      likert: 6,
      flags: ['verbose'],
      flaws: [{ start: 0, end: 8, category: 'accuracy', severity: 2, comment: '' }],
    },
  ],
  winner: { kind: 'side', index: 1 },
  judge: 'labeler-3f9a',
  anony: true,
  votedAt: at,
  language: 'English',
  durationMs: 5400,
};
const turn2: ArenaVote = {
  ...turn1,
  turn: 2,
  sides: [
    {
      connectionId: 'c1',
      model: 'alpha',
      conversation: [...turn1.sides[0]!.conversation, user('And at sunset?'), bot('Red.')],
      answer: 'Red.',
    },
    {
      connectionId: 'c2',
      model: 'beta',
      conversation: [...turn1.sides[1]!.conversation, user('And at sunset?'), bot('Longer path, so red.')],
      answer: 'Longer path, so red.',
    },
  ],
  winner: { kind: 'tie' },
  language: undefined,
  durationMs: undefined,
};
const turn3: ArenaVote = {
  ...turn2,
  turn: 3,
  sides: turn2.sides.map((s) => ({ ...s, conversation: [...s.conversation, user('Thanks!'), bot('...')], answer: '...' })),
  winner: { kind: 'bothbad' },
};
/** Four sides, C wins. */
const four: ArenaVote = {
  battleId: 'bt2',
  turn: 1,
  sides: ['w', 'x', 'y', 'z'].map((m) => ({
    connectionId: `c-${m}`,
    model: m,
    conversation: [user('Hi'), bot(`hello from ${m}`)],
    answer: `hello from ${m}`,
  })),
  winner: { kind: 'side', index: 2 },
  judge: 'labeler-77',
  anony: true,
  votedAt: at,
};

describe('arenaRows', () => {
  it('writes Chatbot Arena battle rows (golden)', () => {
    expect(arenaRows([turn1, turn2, turn3])).toEqual([
      {
        question_id: 'bt1-t1',
        model_a: 'alpha',
        model_b: 'beta',
        winner: 'model_b',
        judge: 'labeler-3f9a',
        conversation_a: turn1.sides[0]!.conversation,
        conversation_b: turn1.sides[1]!.conversation,
        turn: 1,
        anony: true,
        language: 'English',
        tstamp: at.getTime() / 1000,
      },
      expect.objectContaining({ question_id: 'bt1-t2', winner: 'tie', turn: 2, language: null }),
      expect.objectContaining({ question_id: 'bt1-t3', winner: 'tie (bothbad)', turn: 3 }),
    ]);
  });

  it('keeps model_a the shown side A when B wins, and gives one row per stated pair for four sides', () => {
    const [row] = arenaRows([turn1]);
    expect(row).toMatchObject({ model_a: 'alpha', winner: 'model_b' });
    const rows = arenaRows([four]);
    expect(rows.map((r) => [r.question_id, r.model_a, r.model_b, r.winner])).toEqual([
      ['bt2-t1-ac', 'w', 'y', 'model_b'],
      ['bt2-t1-bc', 'x', 'y', 'model_b'],
      ['bt2-t1-cd', 'y', 'z', 'model_a'],
    ]);
  });

  it('re-imports through the arena importer as the same battles', () => {
    const votes = [turn1, turn2, turn3, four];
    const rows = arenaRows(votes);
    const { items, errors } = parseRows(arenaParser(DEFAULT_IMPORT_RULES), rows);
    expect(errors).toEqual([]);
    expect(items).toHaveLength(rows.length);
    items.forEach((item, i) => {
      const row = rows[i]!;
      expect(item.externalId).toBe(row.question_id);
      expect(item.responses.map((r) => r.modelId)).toEqual([row.model_a, row.model_b]);
      // Each side's whole thread comes back: the shared prompt, the first reply, and the turns after it.
      item.responses.forEach((response, side) => {
        const continuation = (response.metadata as { continuation?: unknown[] }).continuation ?? [];
        expect([...item.messages, bot(response.text), ...continuation]).toEqual(row[side === 0 ? 'conversation_a' : 'conversation_b']);
      });
      const [a, b] = item.responses.map((r) => r.externalId);
      const expected = {
        model_a: { ranking: [[a], [b]] },
        model_b: { ranking: [[b], [a]] },
        tie: { ranking: [[a, b]] },
        'tie (bothbad)': { ranking: [], allUnacceptable: true },
      }[row.winner as string];
      expect(item.labels).toEqual([{ worker: row.judge, ...expected }]);
      expect(item.metadata).toMatchObject({ turn: row.turn, anony: true, winner: row.winner });
    });
  });
});

/** The ranked item lib/export would hold for a vote, to compare the shapes with lib/export's own rows. */
function exportItemOf(vote: ArenaVote, prompt: ExportItem['messages']): ExportItem {
  const ids = vote.sides.map((_, i) => `${vote.battleId}-t${vote.turn}-${'abcd'[i]}`);
  const w = vote.winner;
  return {
    itemId: `${vote.battleId}-t${vote.turn}`,
    externalId: `${vote.battleId}-t${vote.turn}`,
    messages: prompt,
    responses: vote.sides.map((s, i) => ({ id: ids[i]!, externalId: ids[i]!, modelId: s.model, text: s.answer })),
    isGold: false,
    adjudicatedRanking: null,
    judgments: [
      {
        judgmentId: 'j',
        labeler: vote.judge,
        source: 'LABELED',
        ranking: w.kind === 'side' ? [[ids[w.index]!], ids.filter((_, i) => i !== w.index)] : w.kind === 'tie' ? [ids] : [],
        allUnacceptable: w.kind === 'bothbad',
        restGroupedBelow: w.kind === 'side' && ids.length > 2,
        likert: Object.fromEntries(vote.sides.map((s, i) => [ids[i]!, s.likert ?? null])),
        flags: Object.fromEntries(vote.sides.map((s, i) => [ids[i]!, s.flags ?? []])),
        flaws: Object.fromEntries(vote.sides.map((s, i) => [ids[i]!, s.flaws ?? []])),
        promptFlags: [],
        shownOrder: ids,
        durationMs: vote.durationMs ?? 0,
        taxonomyVersion: 0,
        createdAt: vote.votedAt.toISOString(),
      },
    ],
  };
}
const prompt = (vote: ArenaVote, side = 0) => vote.sides[side]!.conversation.slice(0, -1);

describe('pairsChatRows and rankingsRows', () => {
  const options = { ...DEFAULT_PAIR_OPTIONS, splitBy: 'first_turn' };

  it('writes pairs-chat rows as lib/export writes them for the same ranked item (golden first row)', () => {
    expect(pairsChatRows([turn1])).toEqual([
      {
        prompt: [user('Why is the sky blue?')],
        chosen: [bot('Rayleigh scattering of sunlight.')],
        rejected: [bot('Rayleigh.')],
        tie: false,
        weight: 1,
        item_id: 'bt1-t1',
        chosen_id: 'bt1-t1-b',
        rejected_id: 'bt1-t1-a',
        labeler: 'labeler-3f9a',
        split: battleSplit(turn1),
        votes: { chosen: 1, rejected: 0, tie: 0 },
      },
    ]);
    for (const [vote, ties] of [
      [turn1, 'drop'],
      [turn2, 'keep'],
      [turn3, 'keep'],
    ] as const) {
      const item = exportItemOf(vote, prompt(vote));
      const expected = expandPairs(item, { ...options, ties }).map((p) => pairFormatRow('pairs-chat', p));
      expect(pairsChatRows([vote], { ties })).toEqual(expected);
    }
    expect(pairsChatRows([turn2])).toEqual([]);
    expect(pairsChatRows([turn3], { ties: 'keep' })).toEqual([]);
  });

  it('gives the winner over each other side for four sides, a third of the weight each', () => {
    const rows = pairsChatRows([four]);
    expect(rows.map((r) => [r.chosen_id, r.rejected_id, r.weight])).toEqual([
      ['bt2-t1-c', 'bt2-t1-a', 1 / 3],
      ['bt2-t1-c', 'bt2-t1-b', 1 / 3],
      ['bt2-t1-c', 'bt2-t1-d', 1 / 3],
    ]);
  });

  it('takes the chosen side’s own thread as the prompt when the threads differ', () => {
    const bWins = { ...turn2, winner: { kind: 'side' as const, index: 1 } };
    expect(pairsChatRows([bWins])[0]!.prompt).toEqual(prompt(turn2, 1));
  });

  it('writes rankings rows as lib/export writes them for the same ranked item', () => {
    for (const vote of [turn1, turn2, turn3, four]) {
      expect(rankingsRows([vote])).toEqual([rankingsRow(exportItemOf(vote, prompt(vote)), options)]);
    }
    expect(rankingsRows([turn1])[0]).toMatchObject({
      item_id: 'bt1-t1',
      responses: [
        { id: 'bt1-t1-a', text: 'Rayleigh.', model: 'alpha' },
        { id: 'bt1-t1-b', text: 'Rayleigh scattering of sunlight.', model: 'beta' },
      ],
      consensus: [['bt1-t1-b'], ['bt1-t1-a']],
    });
  });

  it('splits every turn of a battle alike, by lib/export’s first_turn rule', () => {
    for (const vote of [turn1, turn2, turn3, four]) {
      for (const share of [0.1, 0.5, 0.9]) {
        expect(battleSplit(vote, share)).toBe(splitOf({ messages: prompt(vote) }, { validationShare: share, splitBy: 'first_turn' }).split);
      }
    }
    expect(new Set([turn1, turn2, turn3].map((v) => battleSplit(v, 0.5))).size).toBe(1);
    expect(pairsChatRows([turn1], { split: () => 'validation' })[0]!.split).toBe('validation');
  });
});
