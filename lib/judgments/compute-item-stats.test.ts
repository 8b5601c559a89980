import { describe, expect, it } from 'vitest';
import { computeItemStats, likertCell, type ItemInput } from '@/lib/judgments/compute-item-stats';

const g = (order: string) => order.split('|').map((group) => [...group]);

function item(
  judgments: { user: string; order: string; shown?: string; excluded?: boolean; likert?: number[]; flags?: string[][] }[],
  extra: Partial<ItemInput> = {},
): ItemInput {
  return {
    itemId: 'item',
    projectId: 'project',
    reference: null,
    adjudicated: false,
    invalid: false,
    responses: [
      { id: 'a', modelId: 'm1', length: 10 },
      { id: 'b', modelId: 'm2', length: 20 },
      { id: 'c', modelId: 'm3', length: 30 },
    ],
    judgments: judgments.map((j, n) => ({
      id: `j${n}`,
      userId: j.user,
      excluded: j.excluded ?? false,
      ranking: g(j.order),
      shownOrder: j.shown ? [...j.shown] : null,
      ratings: ['a', 'b', 'c'].map((id, r) => ({ responseId: id, likert: j.likert?.[r] ?? null, flags: j.flags?.[r] ?? [] })),
    })),
    ...extra,
  };
}

describe('computeItemStats', () => {
  it('sums agreement over labeler pairs, dates each pair by its later judgment, and skips a labeler against themself', () => {
    const s = computeItemStats(
      item([
        { user: 'u1', order: 'a|b|c' },
        { user: 'u2', order: 'a|c|b' },
        { user: 'u3', order: 'ab|c' },
        { user: 'u1', order: 'c|b|a' },
      ]),
    );
    // u1–u2 2/3, u1–u3 2/2 (a, b tied), u2–u3 1/2, u2–u1' 1/3, u3–u1' 0/2; u1–u1' is not a pair.
    expect(s.item).toMatchObject({ judgments: 4, agree: 2 + 2 + 1 + 1 + 0, compared: 3 + 2 + 2 + 3 + 2 });
    expect(s.judgments.map((j) => j.earlierCompared).reduce((x, y) => x + y, 0)).toBe(s.item.compared);
    expect(s.judgments.map((j) => j.earlierAgree).reduce((x, y) => x + y, 0)).toBe(s.item.agree);
    expect(s.judgments[0]).toMatchObject({ earlierAgree: 0, earlierCompared: 0 });
  });

  it('leave-one-out: strict pairs against the majority of the others, consensus ties skipped', () => {
    const s = computeItemStats(
      item([
        { user: 'u1', order: 'a|b|c' },
        { user: 'u2', order: 'a|b|c' },
        { user: 'u3', order: 'b|a|c' },
      ]),
    );
    // u3 vs {u1, u2}: (a,b) majority a>b, u3 says b>a: disagree; (a,c), (b,c): agree.
    expect(s.judgments[2]).toMatchObject({ looAgree: 2, looCompared: 3 });
    // u1 vs {u2, u3}: (a,b) split 1–1 → skipped; (a,c), (b,c) agree.
    expect(s.judgments[0]).toMatchObject({ looAgree: 2, looCompared: 2 });
  });

  it('position: wins and losses of the first-shown response with the variance a shuffled order would give', () => {
    const s = computeItemStats(
      item([
        { user: 'u1', order: 'b|a|c', shown: 'bca' },
        { user: 'u2', order: 'ab|c', shown: 'cab' },
        { user: 'u3', order: 'a|b|c' },
      ]),
    );
    // Strict order of 3: (wins − losses) is 2, 0, −2 for the three places → variance 8/3.
    expect(s.judgments[0]).toMatchObject({ firstWins: 2, firstLosses: 0 });
    expect(s.judgments[0]!.firstNullVariance).toBeCloseTo(8 / 3, 12);
    // c last behind a tie: −2; a, b: +1 each → variance (1 + 1 + 4) / 3.
    expect(s.judgments[1]).toMatchObject({ firstWins: 0, firstLosses: 2 });
    expect(s.judgments[1]!.firstNullVariance).toBeCloseTo(2, 12);
    expect(s.judgments[2]).toMatchObject({ firstWins: 0, firstLosses: 0, firstNullVariance: 0 }); // imported: no shown order
  });

  it('length bias counts strict pairs of different lengths won by the longer response', () => {
    const s = computeItemStats(
      item([
        { user: 'u1', order: 'c|b|a' },
        { user: 'u2', order: 'a|bc' },
      ]),
    );
    expect(s.judgments[0]).toMatchObject({ longerWins: 3, longerCompared: 3 });
    expect(s.judgments[1]).toMatchObject({ longerWins: 0, longerCompared: 2 });
  });

  it('leaves excluded labelers out of the item and the consensus, but scores them against it', () => {
    const s = computeItemStats(
      item([
        { user: 'u1', order: 'a|b|c' },
        { user: 'u2', order: 'a|b|c' },
        { user: 'bad', order: 'c|b|a', excluded: true },
      ]),
    );
    expect(s.item).toMatchObject({ judgments: 2, agree: 3, compared: 3 });
    expect(s.judgments[0]).toMatchObject({ looAgree: 3, looCompared: 3 });
    expect(s.judgments[2]).toMatchObject({ counted: false, userExcluded: true, looAgree: 0, looCompared: 3, earlierCompared: 0 });
    expect(s.games.reduce((n, x) => n + x.games, 0)).toBe(6);
  });

  it('an invalid item keeps its item numbers but gives no pairs, games or flags; a reference scores gold accuracy', () => {
    const judgments = [
      { user: 'u1', order: 'a|b|c', flags: [['x'], ['x'], []] },
      { user: 'u2', order: 'c|b|a', flags: [['x'], [], []] },
    ];
    const invalid = computeItemStats(item(judgments, { invalid: true, adjudicated: true, reference: g('a|b|c') }));
    expect(invalid.item).toMatchObject({ invalid: true, judgments: 2, compared: 3 });
    expect(invalid.games).toEqual([]);
    expect(invalid.flags).toEqual([]);
    expect(invalid.judgments.every((j) => !j.counted && j.looCompared === 0 && j.goldCompared === 0)).toBe(true);
    const gold = computeItemStats(item(judgments, { reference: g('a|bc') }));
    expect(gold.judgments.map((j) => [j.goldAgree, j.goldCompared])).toEqual([
      [2, 2],
      [0, 2],
    ]);
    // Flag x: response a present twice, b present once of two: both = 2 (a), mixed = 1 (b).
    expect(gold.flags).toEqual([{ itemId: 'item', projectId: 'project', flag: 'x', both: 2, mixed: 1 }]);
    expect(gold.item.flagValues).toBe(6);
  });

  it('Likert coincidences land in the 28 cells a ≤ b; Kendall W over full rankings; games with ties half', () => {
    const s = computeItemStats(
      item([
        { user: 'u1', order: 'a|bc', likert: [7, 4, 4] },
        { user: 'u2', order: 'a|b|c', likert: [7, 4, 2] },
      ]),
    );
    expect(s.item.likert).toHaveLength(28);
    expect(s.item.likert[likertCell(7, 7)]).toBe(2);
    expect(s.item.likert[likertCell(4, 4)]).toBe(2);
    expect(s.item.likert[likertCell(2, 4)]).toBe(1);
    expect(s.item.likert.reduce((x, y) => x + y, 0)).toBe(5); // each symmetric pair once
    expect(likertCell(1, 1)).toBe(0);
    expect(likertCell(7, 7)).toBe(27);
    expect(s.item.kendallW).toBeGreaterThan(0.8);
    const bc = s.games.find((x) => x.modelA === 'm2' && x.modelB === 'm3')!;
    expect(bc).toMatchObject({ games: 2, winsA: 1.5 });
    expect(computeItemStats(item([{ user: 'u1', order: 'a|b|c' }])).item).toMatchObject({ likert: [], agreement: null, kendallW: null });
  });
});
