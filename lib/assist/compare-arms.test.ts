import { describe, expect, it } from 'vitest';
import { compareArms, type ArmTask } from '@/lib/assist/compare-arms';

const task = (over: Partial<ArmTask>): ArmTask => ({
  arm: 'ASSISTED',
  itemId: 'i1',
  userId: 'u1',
  durationMs: 60_000,
  consensusAgree: 0,
  consensusCompared: 0,
  goldAgree: 0,
  goldCompared: 0,
  responses: 2,
  flags: 0,
  flaws: 0,
  ...over,
});

describe('compareArms (assisted against unassisted, intervals bootstrapped over items)', () => {
  // Three items, each judged once in each arm.
  const tasks: ArmTask[] = [
    task({
      itemId: 'i1',
      arm: 'ASSISTED',
      durationMs: 40_000,
      consensusAgree: 3,
      consensusCompared: 3,
      goldAgree: 1,
      goldCompared: 1,
      flags: 2,
      flaws: 1,
    }),
    task({
      itemId: 'i1',
      arm: 'UNASSISTED',
      durationMs: 30_000,
      consensusAgree: 1,
      consensusCompared: 3,
      goldAgree: 0,
      goldCompared: 1,
      flags: 0,
    }),
    task({ itemId: 'i2', arm: 'ASSISTED', durationMs: 80_000, consensusAgree: 2, consensusCompared: 3, responses: 3, flags: 1 }),
    task({
      itemId: 'i2',
      arm: 'UNASSISTED',
      durationMs: 50_000,
      consensusAgree: 2,
      consensusCompared: 3,
      responses: 3,
      flags: 1,
      flaws: 1,
    }),
    task({ itemId: 'i3', arm: 'ASSISTED', durationMs: 60_000, consensusAgree: 0, consensusCompared: 1, flaws: 2 }),
    task({ itemId: 'i3', arm: 'UNASSISTED', durationMs: 90_000, consensusAgree: 1, consensusCompared: 1 }),
  ];

  it('computes each arm by hand: pooled pair shares, median time, flags and flaws per response', () => {
    const c = compareArms(tasks, { resamples: 200 });
    // Assisted: consensus (3+2+0)/(3+3+1) = 5/7; gold 1/1; median of 40, 60, 80 s = 60 s;
    // responses 2+3+2 = 7, flags 2+1+0 = 3, flaws 1+0+2 = 3.
    expect(c.assisted.tasks).toBe(3);
    expect(c.assisted.consensus.estimate).toBeCloseTo(5 / 7, 12);
    expect(c.assisted.consensus.n).toBe(7);
    expect(c.assisted.gold.estimate).toBe(1);
    expect(c.assisted.gold.n).toBe(1);
    expect(c.assisted.medianMs.estimate).toBe(60_000);
    expect(c.assisted.flagsPerResponse.estimate).toBeCloseTo(3 / 7, 12);
    expect(c.assisted.flawsPerResponse.estimate).toBeCloseTo(3 / 7, 12);
    // Unassisted: consensus (1+2+1)/7 = 4/7; gold 0/1; median of 30, 50, 90 s = 50 s; flags 1/7; flaws 1/7.
    expect(c.unassisted.consensus.estimate).toBeCloseTo(4 / 7, 12);
    expect(c.unassisted.gold.estimate).toBe(0);
    expect(c.unassisted.medianMs.estimate).toBe(50_000);
    expect(c.unassisted.flagsPerResponse.estimate).toBeCloseTo(1 / 7, 12);
    expect(c.unassisted.flawsPerResponse.estimate).toBeCloseTo(1 / 7, 12);
    // Differences: 1/7 in consensus, 1 in gold, +10 s, 2/7 more flags and flaws per response.
    expect(c.difference.consensus.estimate).toBeCloseTo(1 / 7, 12);
    expect(c.difference.gold.estimate).toBe(1);
    expect(c.difference.medianMs.estimate).toBe(10_000);
    expect(c.difference.flagsPerResponse.estimate).toBeCloseTo(2 / 7, 12);
    for (const f of [c.assisted.consensus, c.unassisted.consensus, c.assisted.medianMs, c.difference.consensus, c.difference.medianMs]) {
      expect(f.low).toBeLessThanOrEqual(f.estimate);
      expect(f.high).toBeGreaterThanOrEqual(f.estimate);
    }
    // Resampling items: the consensus share of the assisted arm ranges over item mixes, from 0/1 (only i3) to 3/3 (only i1).
    expect(c.assisted.consensus.low).toBeGreaterThanOrEqual(0);
    expect(c.assisted.consensus.high).toBeLessThanOrEqual(1);
    expect(c.assisted.consensus.high - c.assisted.consensus.low).toBeGreaterThan(0.2);
  });

  it('gives a zero-width interval when every item says the same, and NaN for an arm without tasks', () => {
    const same = ['a', 'b', 'c', 'd'].flatMap((itemId) => [
      task({ itemId, arm: 'ASSISTED', consensusAgree: 3, consensusCompared: 4 }),
      task({ itemId, arm: 'UNASSISTED', consensusAgree: 1, consensusCompared: 4 }),
    ]);
    const c = compareArms(same, { resamples: 100 });
    expect(c.assisted.consensus).toEqual({ estimate: 0.75, low: 0.75, high: 0.75, n: 16 });
    expect(c.difference.consensus).toEqual({ estimate: 0.5, low: 0.5, high: 0.5 });

    const onlyAssisted = compareArms([task({ consensusAgree: 1, consensusCompared: 1 })], { resamples: 50 });
    expect(onlyAssisted.unassisted.tasks).toBe(0);
    expect(onlyAssisted.unassisted.consensus.estimate).toBeNaN();
    expect(onlyAssisted.difference.consensus.estimate).toBeNaN();
  });
});
