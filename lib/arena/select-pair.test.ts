import { describe, expect, it } from 'vitest';
import { activePairScores, selectSides } from '@/lib/arena/select-pair';
import type { ArenaModel, ArenaVote } from '@/lib/arena/types';
import { seededRandom } from '@/lib/stats';

const models: ArenaModel[] = ['a', 'b', 'c', 'd'].map((name) => ({ connectionId: `c-${name}`, name }));
const tally = (picks: ArenaModel[][]) => {
  const counts: Record<string, number> = {};
  for (const p of picks) for (const m of p) counts[m.name] = (counts[m.name] ?? 0) + 1;
  return counts;
};
const vote = (a: string, b: string, winner: number): ArenaVote => ({
  battleId: 'x',
  turn: 1,
  sides: [a, b].map((m) => ({ connectionId: `c-${m}`, model: m, conversation: [], answer: '' })),
  winner: { kind: 'side', index: winner },
  judge: 'j',
  anony: true,
  votedAt: new Date(0),
});

describe('selectSides', () => {
  it('draws distinct models, uniformly, in shuffled shown order', () => {
    const random = seededRandom(1);
    const picks = Array.from({ length: 4000 }, () => selectSides({ models, votes: [], rule: 'uniform', sides: 2, random }));
    expect(picks.every((p) => p.length === 2 && p[0]!.connectionId !== p[1]!.connectionId)).toBe(true);
    for (const count of Object.values(tally(picks))) {
      expect(count).toBeGreaterThan(1800);
      expect(count).toBeLessThan(2200);
    }
    // Shown order: "a" is side A about half the times it is drawn.
    const aFirst = picks.filter((p) => p[0]!.name === 'a').length / picks.filter((p) => p.some((m) => m.name === 'a')).length;
    expect(aFirst).toBeGreaterThan(0.45);
    expect(aFirst).toBeLessThan(0.55);
  });

  it('draws by weight, and a model of weight 0 only when too few others remain', () => {
    const weighted = [
      { ...models[0]!, weight: 3 },
      { ...models[1]!, weight: 1 },
      { ...models[2]!, weight: 0 },
    ];
    const random = seededRandom(2);
    const pairs = Array.from({ length: 2000 }, () => selectSides({ models: weighted, votes: [], rule: 'weighted', sides: 2, random }));
    expect(tally(pairs).c ?? 0).toBe(0);
    const triples = Array.from({ length: 50 }, () => selectSides({ models: weighted, votes: [], rule: 'weighted', sides: 3, random }));
    expect(triples.every((t) => new Set(t.map((m) => m.name)).size === 3)).toBe(true);
  });

  it('under "active", picks the pair one more vote would teach most: not the pair already voted on at length', () => {
    const votes = Array.from({ length: 200 }, (_, i) => vote('a', 'b', i % 2));
    const scores = activePairScores(['a', 'b', 'c', 'd'], votes);
    expect(scores[0]![1]).toBeLessThan(scores[2]![3]!);
    const random = seededRandom(3);
    const picks = Array.from({ length: 200 }, () => selectSides({ models, votes, rule: 'active', sides: 2, random }));
    const ab = picks.filter((p) => new Set(p.map((m) => m.name)).size === 2 && p.every((m) => m.name === 'a' || m.name === 'b')).length;
    // Only exploration (10% uniform, a sixth of which is a–b) draws a–b.
    expect(ab).toBeLessThan(10);
    expect(new Set(picks.map((p) => p[0]!.name)).size).toBe(4);
  });

  it('fills 3 and 4 sides with distinct models under every rule, and refuses impossible battles', () => {
    const random = seededRandom(4);
    for (const rule of ['uniform', 'weighted', 'active'] as const) {
      for (const sides of [3, 4]) {
        const picked = selectSides({ models, votes: [vote('a', 'b', 0)], rule, sides, random });
        expect(new Set(picked.map((m) => m.connectionId)).size).toBe(sides);
      }
    }
    expect(() => selectSides({ models: models.slice(0, 2), votes: [], rule: 'uniform', sides: 3, random })).toThrow(
      /3 sides need 3 models/,
    );
    expect(() => selectSides({ models, votes: [], rule: 'uniform', sides: 5, random })).toThrow(/2 to 4 sides/);
  });
});
