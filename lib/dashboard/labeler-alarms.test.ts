import { describe, expect, it } from 'vitest';
import { ALARM_MIN_PAIRS, labelerAlarms, type AlarmSums } from '@/lib/dashboard/labeler-alarms';

describe('labelerAlarms', () => {
  const base: AlarmSums = {
    looAgree: 0,
    looCompared: 0,
    looAgreeSq: 0,
    looCross: 0,
    looComparedSq: 0,
    firstWins: 0,
    firstLosses: 0,
    firstNullVariance: 0,
  };
  /** n judgments of c pairs each, a of them agreeing. */
  const judged = (n: number, c: number, a: number): AlarmSums => ({
    ...base,
    looAgree: n * a,
    looCompared: n * c,
    looAgreeSq: n * a * a,
    looCross: n * a * c,
    looComparedSq: n * c * c,
  });

  it('low agreement needs 30 pairs and p < 0.01', () => {
    expect(labelerAlarms(judged(5, 5, 2), 0.8).alarms).toEqual([]); // 25 pairs: too few, however low
    expect(labelerAlarms(judged(10, 3, 1), 0.8).alarms).toEqual(['low_agreement']);
    expect(labelerAlarms(judged(10, 3, 2), 0.75).alarms).toEqual([]);
    expect(labelerAlarms(base, 0.8).agreementP).toBeNaN();
  });

  it('counts clustered pairs less: the same share spread over fewer, all-or-nothing judgments is less significant', () => {
    const spread = judged(60, 1, 0);
    Object.assign(spread, { looAgree: 33, looAgreeSq: 33, looCross: 33 }); // 33 of 60 independent pairs
    const clustered = { ...base, looAgree: 33, looCompared: 60, looAgreeSq: 11 * 9, looCross: 11 * 9, looComparedSq: 20 * 9 }; // 20 judgments of 3, 11 all right
    expect(labelerAlarms(clustered, 0.75).agreementP).toBeGreaterThan(labelerAlarms(spread, 0.75).agreementP);
  });

  it('position bias is two-sided and needs 30 pairs', () => {
    const always = (n: number) => ({ ...base, firstWins: 3 * n, firstNullVariance: 5 * n });
    expect(labelerAlarms(always(9), 0.8).alarms).toEqual([]); // 27 pairs
    expect(labelerAlarms(always(10), 0.8).alarms).toEqual(['position_bias']);
    expect(labelerAlarms({ ...base, firstLosses: 30, firstNullVariance: 50 }, 0.8).alarms).toEqual(['position_bias']);
    expect(labelerAlarms({ ...base, firstWins: 16, firstLosses: 14, firstNullVariance: 50 }, 0.8).positionP).toBeGreaterThan(0.5);
    expect(ALARM_MIN_PAIRS).toBe(30);
  });
});
