/**
 * The group collusion alarm on simulated data (fixed seeds): a ring of four colluders who copy one
 * script, each pair sharing too few items for the pair test, among twelve honest labelers who rank
 * a true order with noise.
 */
import { describe, expect, it } from 'vitest';
import { collusionAlarms, collusionGroupAlarms, identicalJudgments, itemHalf, type AbuseJudgment } from '@/lib/dashboard/abuse-alarms';
import { seededRandom } from '@/lib/stats';

const RESPONSES = 4;
const HONEST = 12;

function simulate(seed: number, options: { ring: number; itemsPerRingPair: number; honestItems: number; lucky?: boolean }) {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const shuffle = <T>(xs: T[]) => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const honest = Array.from({ length: HONEST }, (_, i) => `honest-${String(i).padStart(2, '0')}`);
  const ring = Array.from({ length: options.ring }, (_, i) => `ring-${i}`);
  const judgments: AbuseJudgment[] = [];
  let n = 0;
  const item = (labelers: string[]) => {
    const itemId = `item-${seed}-${n++}`;
    const ids = Array.from({ length: RESPONSES }, (_, r) => `${itemId}-r${r}`);
    const truth = shuffle(ids); // best first
    const script = shuffle(ids); // what the ring copies, unrelated to the truth
    for (const userId of labelers) {
      // "lucky" is honest, but on the search half of the items happens to match the ring's script.
      const copies = userId.startsWith('ring') || (userId === 'lucky' && itemHalf(itemId) === 0);
      const order = copies ? script : [...ids].sort((a, b) => truth.indexOf(a) + 0.9 * gauss() - (truth.indexOf(b) + 0.9 * gauss()));
      judgments.push({
        id: `${itemId}-${userId}`,
        itemId,
        userId,
        ranking: order.map((id) => [id]),
        durationMs: 60_000,
        createdAt: new Date(0),
        shownOrder: ids,
        likert: null,
        chars: 400,
      });
    }
  };
  for (let a = 0; a < ring.length; a++)
    for (let b = a + 1; b < ring.length; b++)
      for (let k = 0; k < options.itemsPerRingPair; k++) item([ring[a]!, ring[b]!, honest[Math.floor(rand() * HONEST)]!]);
  if (options.lucky) for (const member of ring) for (let k = 0; k < 12; k++) item([member, 'lucky', honest[Math.floor(rand() * HONEST)]!]);
  for (let k = 0; k < options.honestItems; k++) item(shuffle(honest).slice(0, 3));
  return { judgments, ring };
}

describe('group collusion alarm', () => {
  it('splits items into two halves by a stable hash of the id', () => {
    const halves = Array.from({ length: 1000 }, (_, i) => itemHalf(`item-${i}`));
    expect(itemHalf('item-7')).toBe(itemHalf('item-7'));
    const ones = halves.filter((h) => h === 1).length;
    expect(ones).toBeGreaterThan(430);
    expect(ones).toBeLessThan(570);
  });

  it('flags a ring of four whose pairs each share too few items for the pair test, and only them', () => {
    for (const seed of [1, 2, 3]) {
      const { judgments, ring } = simulate(seed, { ring: 4, itemsPerRingPair: 12, honestItems: 200 });
      expect(collusionAlarms(judgments).alarms).toEqual([]);
      const groups = collusionGroupAlarms(judgments);
      expect(groups.alarms.map((g) => g.members)).toEqual([ring]);
      const [group] = groups.alarms;
      expect(group!.rate).toBe(1);
      expect(group!.othersRate).toBeLessThan(0.7);
      expect(group!.pairItems).toBeGreaterThanOrEqual(20);
      expect(group!.pairs).toHaveLength(6);
    }
  });

  it('drops a labeler linked to the ring only on the search half: on the test half they agree with it no more than anyone', () => {
    for (const seed of [4, 5]) {
      const { judgments, ring } = simulate(seed, { ring: 4, itemsPerRingPair: 12, honestItems: 200, lucky: true });
      expect(collusionGroupAlarms(judgments).alarms.map((g) => g.members)).toEqual([ring]);
    }
  });

  it('raises nothing among honest labelers only', () => {
    for (const seed of [11, 12, 13, 14, 15]) {
      const { judgments } = simulate(seed, { ring: 0, itemsPerRingPair: 0, honestItems: 400 });
      expect(collusionGroupAlarms(judgments).alarms).toEqual([]);
      expect(collusionAlarms(judgments).alarms).toEqual([]);
    }
  });
});

describe('identical judgments (pair alarm evidence)', () => {
  const judgment = (ranking: string[][], likert: Record<string, number> | null): AbuseJudgment => ({
    id: 'j',
    itemId: 'i',
    userId: 'u',
    ranking,
    durationMs: 1,
    createdAt: new Date(0),
    shownOrder: null,
    likert,
    chars: 1,
  });
  it('are the same ranking, tie groups in any order, and the same Likert score for every response', () => {
    expect(identicalJudgments(judgment([['a'], ['b', 'c']], { a: 6, b: 3 }), judgment([['a'], ['c', 'b']], { b: 3, a: 6 }))).toBe(true);
    expect(identicalJudgments(judgment([['a'], ['b', 'c']], null), judgment([['a'], ['b', 'c']], null))).toBe(true);
  });
  it('differ on another order, a tie broken, or one Likert score', () => {
    expect(identicalJudgments(judgment([['a'], ['b']], null), judgment([['b'], ['a']], null))).toBe(false);
    expect(identicalJudgments(judgment([['a', 'b']], null), judgment([['a'], ['b']], null))).toBe(false);
    expect(identicalJudgments(judgment([['a'], ['b']], { a: 6, b: 3 }), judgment([['a'], ['b']], { a: 6, b: 4 }))).toBe(false);
    expect(identicalJudgments(judgment([['a'], ['b']], { a: 6 }), judgment([['a'], ['b']], null))).toBe(false);
  });
});
