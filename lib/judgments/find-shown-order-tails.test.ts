import { describe, expect, it } from 'vitest';
import { shownOrderTail } from '@/lib/judgments/find-shown-order-tails';

const shownOrder = ['a', 'b', 'c', 'd', 'e'];

describe('shownOrderTail (the signature of issue 17)', () => {
  it('finds unrated strict singletons in the order shown below the rated ones', () => {
    // Rated A, B, C; placed C, B, A; D and E filled in as shown.
    expect(shownOrderTail({ ranking: [['c'], ['b'], ['a'], ['d'], ['e']], shownOrder, likert: { a: 3, b: 5, c: 6 } })).toEqual(['d', 'e']);
    // One rated, the rest filled in: the tail is everything below it.
    expect(shownOrderTail({ ranking: [['c'], ['a'], ['b'], ['d'], ['e']], shownOrder, likert: { c: 7 } })).toEqual(['a', 'b', 'd', 'e']);
  });

  it('does not flag ties, rated tails, tails against the shown order, a single response, or rankings without any score', () => {
    expect(shownOrderTail({ ranking: shownOrder.map((id) => [id]), shownOrder, likert: {} })).toBeNull();
    expect(shownOrderTail({ ranking: [['c'], ['b'], ['a'], ['d', 'e']], shownOrder, likert: { a: 3, b: 5, c: 6 } })).toBeNull();
    expect(
      shownOrderTail({ ranking: [['c'], ['b'], ['a'], ['d'], ['e']], shownOrder, likert: { a: 3, b: 5, c: 6, d: 2, e: 1 } }),
    ).toBeNull();
    expect(shownOrderTail({ ranking: [['c'], ['b'], ['a'], ['e'], ['d']], shownOrder, likert: { a: 3, b: 5, c: 6 } })).toBeNull();
    expect(shownOrderTail({ ranking: [['c'], ['b'], ['d'], ['a'], ['e']], shownOrder, likert: { a: 3, b: 5, c: 6 } })).toBeNull();
    // Only the part of the tail in shown order counts: E then D then... here the run is [d] alone.
    expect(shownOrderTail({ ranking: [['a'], ['e'], ['d']], shownOrder: ['a', 'd', 'e'], likert: { a: 4 } })).toBeNull();
  });
});
