import type { ArenaVote } from '@/lib/arena/types';

/** One pairwise comparison a vote states: side `a` against side `b` (indexes into vote.sides), 1 = a wins, 0.5 = tie. */
export type VotePair = { a: number; b: number; outcome: 1 | 0.5 };

/**
 * The pairwise comparisons of one vote. Two sides: one comparison. Three or four sides: the winner
 * beats each other side (nothing is said among the others); a tie, or all bad, ties every pair of
 * sides. All bad counts as a tie (as Chatbot Arena's leaderboard counts "tie (bothbad)").
 */
export function votePairs(vote: Pick<ArenaVote, 'sides' | 'winner'>): VotePair[] {
  const n = vote.sides.length;
  const { winner } = vote;
  if (winner.kind === 'side') {
    return Array.from({ length: n }, (_, i) => i)
      .filter((i) => i !== winner.index)
      .map((other) => ({ a: winner.index, b: other, outcome: 1 as const }));
  }
  const pairs: VotePair[] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push({ a, b, outcome: 0.5 });
  return pairs;
}
