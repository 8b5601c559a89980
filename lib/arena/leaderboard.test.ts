import { describe, expect, it } from 'vitest';
import { arenaLeaderboard, arenaRawScores } from '@/lib/arena/leaderboard';
import { styleCounts, styleDifference } from '@/lib/arena/style-features';
import type { ArenaVote, ArenaWinner } from '@/lib/arena/types';
import { votePairs } from '@/lib/arena/vote-pairs';
import { bradleyTerryFromTallies } from '@/lib/stats';

let n = 0;
function vote(models: string[], winner: ArenaWinner, turn = 1, answers?: string[]): ArenaVote {
  n += 1;
  return {
    battleId: `b${n}`,
    turn,
    sides: models.map((model, i) => ({ connectionId: `c-${model}`, model, conversation: [], answer: answers?.[i] ?? 'same' })),
    winner,
    judge: 'j',
    anony: true,
    votedAt: new Date(0),
  };
}
const side = (index: number): ArenaWinner => ({ kind: 'side', index });
const repeat = (k: number, make: () => ArenaVote) => Array.from({ length: k }, make);

describe('votePairs', () => {
  it('expands two sides to one comparison, a 4-side win to the winner over each other, a tie or all bad to every pair tied', () => {
    expect(votePairs(vote(['a', 'b'], side(1)))).toEqual([{ a: 1, b: 0, outcome: 1 }]);
    expect(votePairs(vote(['a', 'b', 'c', 'd'], side(2)))).toEqual([
      { a: 2, b: 0, outcome: 1 },
      { a: 2, b: 1, outcome: 1 },
      { a: 2, b: 3, outcome: 1 },
    ]);
    expect(votePairs(vote(['a', 'b', 'c'], { kind: 'bothbad' }))).toHaveLength(3);
    expect(votePairs(vote(['a', 'b'], { kind: 'tie' }))).toEqual([{ a: 0, b: 1, outcome: 0.5 }]);
  });
});

describe('styleCounts', () => {
  it('counts length, headers, list items and bold outside code blocks', () => {
    const text = '# Title\n\nSome **bold** and __also__.\n\n- one\n- two\n1. three\n\n```\n# not a header\n- not an item\n```';
    expect(styleCounts(text)).toEqual({ length: [...text].length, headers: 1, listItems: 3, bold: 2 });
    expect(styleDifference(styleCounts('aaa'), styleCounts('a'))).toEqual([0.5, 0, 0, 0]);
  });
});

describe('arenaLeaderboard', () => {
  const votes = [
    ...repeat(30, () => vote(['strong', 'weak'], side(0))),
    ...repeat(10, () => vote(['weak', 'strong'], side(0), 2)),
    ...repeat(20, () => vote(['mid', 'weak'], side(0))),
    ...repeat(10, () => vote(['strong', 'mid'], side(1), 2)),
    ...repeat(6, () => vote(['strong', 'mid'], { kind: 'tie' })),
    ...repeat(4, () => vote(['mid', 'weak'], { kind: 'bothbad' })),
  ];
  const board = arenaLeaderboard(votes, { bootstrap: 200, seed: 5 });

  it('scores models by Bradley–Terry as the dashboard fits it (ties and all bad half a win, one virtual tie per pair)', () => {
    const tallies = [
      { a: 'strong', b: 'weak', wins: 30, games: 40 },
      { a: 'mid', b: 'weak', wins: 20 + 2, games: 24 },
      { a: 'strong', b: 'mid', wins: 3, games: 16 },
    ];
    const expected = bradleyTerryFromTallies(tallies, { prior: 1, tolerance: 1e-8 });
    for (const row of board.raw) expect(row.score).toBeCloseTo(expected[row.model]!, 4);
    expect(board.raw.map((r) => r.model)).toEqual(['mid', 'strong', 'weak']);
    expect(board.raw.every((r) => r.low < r.score && r.score < r.high)).toBe(true);
    expect(board.raw.find((r) => r.model === 'weak')).toMatchObject({ rank: 3, votes: 64 });
    expect(board.raw.find((r) => r.model === 'mid')!.rank).toBe(1);
  });

  it('is reproducible by seed, and the raw rows alone equal the full leaderboard’s', () => {
    expect(arenaLeaderboard(votes, { bootstrap: 200, seed: 5 })).toEqual(board);
    expect(arenaRawScores(votes, { bootstrap: 200, seed: 5 })).toEqual(board.raw);
    expect(arenaRawScores(votes, { bootstrap: 200, seed: 6 })).not.toEqual(board.raw);
  });

  it('gives the style-controlled fit the raw scores when no answer differs in style', () => {
    board.styleControlled.rows.forEach((row, i) => expect(row.score).toBeCloseTo(board.raw[i]!.score, 4));
    expect(board.styleControlled.coefficients.map((c) => c.feature)).toEqual(['length', 'headers', 'listItems', 'bold']);
    for (const c of board.styleControlled.coefficients) expect(Math.abs(c.estimate)).toBeLessThan(1e-6);
  });

  it('counts votes per pair, the shares of ties and all bad, and position bias per turn', () => {
    expect(board.pairs).toEqual([
      { modelA: 'mid', modelB: 'strong', votes: 16, winsA: 10, winsB: 0, ties: 6, bothBad: 0 },
      { modelA: 'mid', modelB: 'weak', votes: 24, winsA: 20, winsB: 0, ties: 0, bothBad: 4 },
      { modelA: 'strong', modelB: 'weak', votes: 40, winsA: 30, winsB: 10, ties: 0, bothBad: 0 },
    ]);
    expect(board.outcomes).toMatchObject({ decisive: 70, ties: 6, bothBad: 4 });
    expect(board.outcomes.tieShare.estimate).toBeCloseTo(6 / 80);
    expect(board.outcomes.bothBadShare.low).toBeGreaterThan(0);
    expect(board.positionBias.map((p) => [p.turn, p.decisive, p.winsA, p.expected])).toEqual([
      [1, 50, 50, 0.5],
      [2, 20, 10, 0.5],
    ]);
    expect(board.positionBias[0]!.share.low).toBeGreaterThan(0.9);
  });

  it('expands multi-side votes: the winner beats each other side', () => {
    const multi = arenaLeaderboard(
      repeat(12, () => vote(['a', 'b', 'c', 'd'], side(3))),
      { bootstrap: 20, seed: 1 },
    );
    expect(multi.raw[0]).toMatchObject({ model: 'd', rank: 1 });
    // Nothing is said among the losers: they tie in score.
    const losers = multi.raw.filter((r) => r.model !== 'd').map((r) => r.score);
    expect(Math.max(...losers) - Math.min(...losers)).toBeLessThan(1e-6);
    expect(multi.pairs.find((p) => p.modelA === 'a' && p.modelB === 'b')).toMatchObject({ votes: 12, winsA: 0, winsB: 0 });
  });

  it('says nothing but empties for no votes', () => {
    const empty = arenaLeaderboard([], { bootstrap: 10, seed: 1 });
    expect(empty).toMatchObject({ votes: 0, raw: [], pairs: [], positionBias: [] });
    expect(Number.isNaN(empty.outcomes.tieShare.estimate)).toBe(true);
  });
});
