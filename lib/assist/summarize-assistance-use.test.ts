import { describe, expect, it } from 'vitest';
import { summarizeAssistanceUse } from '@/lib/assist/summarize-assistance-use';

describe('summarizeAssistanceUse', () => {
  it('counts use, requests per task by kind and look time by hand', () => {
    const use = summarizeAssistanceUse(
      [
        { taskKind: 'RANK', requests: { CRITIQUE: 2, FACT_CHECK: 1 }, looks: [4000, 10_000] },
        { taskKind: 'RANK', requests: { SUMMARY: 1 }, looks: [2000] },
        { taskKind: 'RANK', requests: {}, looks: [] },
        { taskKind: 'RANK', requests: {}, looks: [] },
      ],
      { resamples: 200 },
    );
    expect(use.tasks).toBe(4);
    expect(use.used.hits).toBe(2);
    expect(use.used.estimate).toBe(0.5);
    // Wilson 95 % for 2 of 4: 0.150 to 0.850.
    expect(use.used.low).toBeCloseTo(0.15, 2);
    expect(use.used.high).toBeCloseTo(0.85, 2);
    expect(use.perTask.CRITIQUE.estimate).toBe(0.5);
    expect(use.perTask.FACT_CHECK.estimate).toBe(0.25);
    expect(use.perTask.SUMMARY.estimate).toBe(0.25);
    expect(use.perTask.EXPLAIN).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(use.answers).toBe(3);
    expect(use.medianLookMs).toBe(4000);
    expect(use.totalLookMs).toBe(16_000);
  });
});
