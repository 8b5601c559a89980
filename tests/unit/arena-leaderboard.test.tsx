/** Issue 26: the arena leaderboard renders every figure it is given (raw beside style-controlled, pairs, verdicts, position bias). */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ArenaLeaderboard } from '@/components/arena/arena-leaderboard';
import { arenaLeaderboard } from '@/lib/arena/leaderboard';
import type { ArenaVote, ArenaWinner } from '@/lib/arena/types';

const vote = (a: string, b: string, winner: ArenaWinner, turn: number, answers = ['short', 'a much longer answer']): ArenaVote => ({
  battleId: `${a}-${b}-${turn}`,
  turn,
  sides: [a, b].map((model, i) => ({ connectionId: model, model, conversation: [], answer: answers[i]! })),
  winner,
  judge: 'j',
  anony: true,
  votedAt: new Date(0),
});

describe('ArenaLeaderboard', () => {
  it('shows raw and style-controlled scores, coefficients, verdict shares, position bias per turn and votes per pair', () => {
    const votes = [
      ...Array.from({ length: 8 }, () => vote('gpt-x', 'llama-y', { kind: 'side', index: 0 }, 1)),
      ...Array.from({ length: 3 }, () => vote('llama-y', 'gpt-x', { kind: 'side', index: 1 }, 2)),
      vote('gpt-x', 'llama-y', { kind: 'tie' }, 2),
      vote('gpt-x', 'llama-y', { kind: 'bothbad' }, 1),
    ];
    const board = arenaLeaderboard(votes, { bootstrap: 50, seed: 1 });
    const html = renderToStaticMarkup(<ArenaLeaderboard leaderboard={board} />);
    expect(html).toContain('Arena leaderboard (13 votes, 50 bootstrap resamples)');
    expect(html).toContain('Style-controlled scores with 95% intervals');
    const gpt = board.raw.find((r) => r.model === 'gpt-x')!;
    expect(html).toContain(`${Math.round(gpt.score)} (95% CI ${Math.round(gpt.low)} to ${Math.round(gpt.high)})`);
    expect(html).toContain('Length (characters)');
    // 1 tie and 1 all bad of 13 votes.
    expect(html).toContain('1 · 7.7% (95% CI');
    // Turn 1: 8 decisive votes, all won by side A; turn 2: 3, none.
    expect(html).toMatch(/<td[^>]*>1<\/td><td[^>]*>8<\/td><td[^>]*>100\.0% \(95% CI/);
    expect(html).toMatch(/<td[^>]*>2<\/td><td[^>]*>3<\/td><td[^>]*>0\.0% \(95% CI/);
    expect(html).toMatch(
      /gpt-x<\/td><td[^>]*>llama-y<\/td><td[^>]*>13<\/td><td[^>]*>11<\/td><td[^>]*>0<\/td><td[^>]*>1<\/td><td[^>]*>1<\/td>/,
    );
  });

  it('says so when there are no votes', () => {
    const html = renderToStaticMarkup(<ArenaLeaderboard leaderboard={arenaLeaderboard([], { bootstrap: 10, seed: 1 })} />);
    expect(html).toContain('No arena votes yet');
  });
});
