/**
 * Issue 23: past 1,024 items the group breakdown's bootstrap resamples 1,024 fixed groups of items
 * (lib/pool/group-stats.ts). The estimates are sums over every item, so they cannot move; the
 * intervals stay about as wide as the per-item bootstrap's (the groups are random sets of items).
 */
import { describe, expect, it } from 'vitest';
import { populationNumbers, type GroupJudgment } from '@/lib/pool/group-stats';
import { seededRandom } from '@/lib/stats';

function judgments(items: number): GroupJudgment[] {
  const random = seededRandom(3);
  return Array.from({ length: items }, (_, i) => {
    const a = `i${i}-a`;
    const b = `i${i}-b`;
    // Model A wins two thirds of the time; agreement with the others 70%.
    const ranking = random() < 2 / 3 ? [[a], [b]] : [[b], [a]];
    return [0, 1].map((u) => ({ itemId: `item-${i}`, userId: `u${u}`, ranking, looAgree: random() < 0.7 ? 1 : 0, looCompared: 1 }));
  }).flat();
}
const modelOf = (items: number) =>
  new Map(
    Array.from(
      { length: items },
      (_, i) =>
        [
          [`i${i}-a`, 'A'],
          [`i${i}-b`, 'B'],
        ] as const,
    ).flat(),
  );

describe('populationNumbers past 1,024 items', () => {
  it('keeps the estimates exact and the intervals as wide as resampling items one by one', () => {
    const big = judgments(4096);
    const grouped = populationNumbers({ value: 'all', judgments: big, users: null, modelOf: modelOf(4096), seed: 1, resamples: 400 });
    const agree = big.reduce((t, j) => t + j.looAgree, 0) / big.length;
    expect(grouped.agreement.estimate).toBe(agree);
    expect(grouped.items).toBe(4096);
    // The same data in 1,024 items of four times the weight: resampled one by one (the per-item path).
    const small = judgments(4096).map((j, n) => ({ ...j, itemId: `item-${Math.floor(n / 8)}` }));
    const perItem = populationNumbers({ value: 'all', judgments: small, users: null, modelOf: modelOf(4096), seed: 1, resamples: 400 });
    expect(perItem.items).toBe(1024);
    for (const g of [grouped, perItem]) {
      expect(g.agreement.low).toBeLessThan(g.agreement.estimate);
      expect(g.agreement.high).toBeGreaterThan(g.agreement.estimate);
    }
    const width = (x: { low: number; high: number }) => x.high - x.low;
    // A 95% interval of a proportion near 0.7 over 8,192 judgments: about ±0.01.
    expect(width(grouped.agreement)).toBeGreaterThan(0.01);
    expect(width(grouped.agreement)).toBeLessThan(0.04);
    // Same judgments, independent outcomes: the two bootstraps estimate the same spread.
    expect(width(grouped.agreement) / width(perItem.agreement)).toBeGreaterThan(0.7);
    expect(width(grouped.agreement) / width(perItem.agreement)).toBeLessThan(1.4);
    expect(grouped.models.map((m) => m.modelId)).toEqual(['A', 'B']);
    expect(grouped.models[0]!.rating.low).toBeLessThan(grouped.models[0]!.rating.estimate);
  });
});
