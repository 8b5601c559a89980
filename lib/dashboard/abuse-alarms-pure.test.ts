import { describe, expect, it } from 'vitest';
import { burstAlarms, positionPattern, speedAlarms, speedFloorMs, type AbuseJudgment } from '@/lib/dashboard/abuse-alarms';

const judgment = (o: Partial<AbuseJudgment> & { id: string }): AbuseJudgment => ({
  itemId: `item-${o.id}`,
  userId: 'u',
  ranking: [['a'], ['b'], ['c']],
  durationMs: 20_000,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, Number(o.id))),
  shownOrder: ['a', 'b', 'c'],
  likert: null,
  chars: 100,
  ...o,
});

describe('abuse alarms (pure)', () => {
  it('pattern by shown position, with arrangements of the tie structure', () => {
    expect(positionPattern(judgment({ id: '1', shownOrder: ['c', 'a', 'b'], ranking: [['a'], ['b', 'c']] }))).toEqual({
      pattern: '2 > 1 = 3',
      arrangements: 3,
    });
    expect(positionPattern(judgment({ id: '1', ranking: [] }))).toBeNull();
  });
  it('a run of identical submissions of two responses needs to be long to be improbable', () => {
    const two = (n: number) =>
      Array.from({ length: n }, (_, i) => judgment({ id: String(i + 1), shownOrder: ['a', 'b'], ranking: [['a'], ['b']] }));
    // 2 arrangements: a run of 8 among 8 has chance 2^-7 · 8 ≈ 0.06, no alarm; a run of 12 has 2^-11 · 12 ≈ 0.006.
    expect(burstAlarms(two(8))).toEqual([]);
    expect(burstAlarms(two(12))[0]!.runs[0]!.length).toBe(12);
  });
  it('speed: the floor is the seconds floor or 5 ms a character; fewer than 10 rankings never alarm', () => {
    expect(speedFloorMs(8, 100)).toBe(8_000);
    expect(speedFloorMs(8, 4_000)).toBe(20_000);
    const fast = (n: number) => Array.from({ length: n }, (_, i) => judgment({ id: String(i + 1), durationMs: 1_000 }));
    expect(speedAlarms(fast(9), 8)).toEqual([]);
    expect(speedAlarms(fast(10), 8)[0]).toMatchObject({ below: 10, judgments: 10, medianMs: 1_000 });
    expect(
      speedAlarms(
        fast(10).map((j) => ({ ...j, shownOrder: null })),
        8,
      ),
    ).toEqual([]);
  });
});
