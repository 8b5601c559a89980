import { describe, expect, it } from 'vitest';
import { likertContradictions, rankingWarnings } from '@/lib/judgments/ranking-warnings';

const shownOrder = ['a', 'b', 'c'];

describe('rankingWarnings', () => {
  it('warns when a response ranked higher has a lower Likert score', () => {
    const likert = { a: 3, b: 6, c: 1 };
    expect(likertContradictions([['a'], ['b'], ['c']], likert)).toEqual([['a', 'b']]);
    expect(rankingWarnings({ ranking: [['b'], ['a'], ['c']], allUnacceptable: false, likert, shownOrder })).toEqual([]);
    expect(rankingWarnings({ ranking: [['c'], ['a', 'b']], allUnacceptable: false, likert, shownOrder })).toEqual(['likert_contradiction']);
  });

  it('does not count ties or missing scores as contradictions', () => {
    expect(likertContradictions([['a', 'b'], ['c']], { a: 1, b: 7, c: 2 })).toEqual([['a', 'c']]);
    expect(likertContradictions([['a'], ['b']], { a: null, b: 7 })).toEqual([]);
  });

  it('warns when the ranking is exactly the shown order, one per group', () => {
    const likert = { a: 4, b: 4, c: 4 };
    expect(rankingWarnings({ ranking: [['a'], ['b'], ['c']], allUnacceptable: false, likert, shownOrder })).toEqual(['shown_order']);
    expect(rankingWarnings({ ranking: [['a', 'b'], ['c']], allUnacceptable: false, likert, shownOrder })).toEqual([]);
    expect(rankingWarnings({ ranking: [], allUnacceptable: true, likert: {}, shownOrder })).toEqual([]);
  });

  it('warns about responses without a Likert score, except when all are unacceptable', () => {
    expect(rankingWarnings({ ranking: [['b'], ['a', 'c']], allUnacceptable: false, likert: { a: 4, b: 5 }, shownOrder })).toEqual([
      'missing_likert',
    ]);
    expect(rankingWarnings({ ranking: [], allUnacceptable: true, likert: { a: 4 }, shownOrder })).toEqual([]);
  });
});
