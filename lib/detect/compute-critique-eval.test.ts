import { describe, expect, it } from 'vitest';
import { computeCritiqueEval, type EvalTrial } from '@/lib/detect/compute-critique-eval';

const trial = (
  perturbationId: string,
  variant: EvalTrial['variant'],
  arm: EvalTrial['arm'],
  extra: Partial<EvalTrial> = {},
): EvalTrial => ({
  perturbationId,
  userId: 'u1',
  variant,
  arm,
  saysFlawed: false,
  foundIntended: variant === 'FLAWED' ? false : null,
  durationMs: 10_000,
  critiqueMarks: [],
  wouldHaveNoticed: null,
  noticedYesFirst: null,
  severity: 2,
  category: 'ACCURACY',
  ...extra,
});

// Hand-worked example: unassisted 1 found of 2 decided (one pending review), assisted 2 of 3.
const trials: EvalTrial[] = [
  trial('p1', 'FLAWED', 'UNASSISTED', { saysFlawed: true, foundIntended: true, durationMs: 20_000, severity: 4 }),
  trial('p1', 'FLAWED', 'ASSISTED', {
    saysFlawed: true,
    foundIntended: true,
    wouldHaveNoticed: true,
    noticedYesFirst: true,
    critiqueMarks: [{ helpful: true }, { helpful: false }],
    durationMs: 30_000,
    userId: 'u2',
  }),
  trial('p2', 'FLAWED', 'UNASSISTED', { durationMs: 40_000, userId: 'u2' }),
  trial('p2', 'FLAWED', 'ASSISTED', {
    saysFlawed: true,
    foundIntended: true,
    wouldHaveNoticed: false,
    noticedYesFirst: false,
    critiqueMarks: [{ helpful: true }],
    durationMs: 50_000,
  }),
  trial('p3', 'FLAWED', 'UNASSISTED', { saysFlawed: true, foundIntended: null }),
  trial('p3', 'FLAWED', 'ASSISTED', { critiqueMarks: [{ helpful: false }], category: 'HARMFUL' }),
  trial('p1', 'ORIGINAL', 'UNASSISTED', { saysFlawed: true }),
  trial('p2', 'ORIGINAL', 'UNASSISTED'),
  trial('p3', 'ORIGINAL', 'ASSISTED', { critiqueMarks: [{ helpful: true }] }),
  trial('p3', 'ORIGINAL', 'ASSISTED', { userId: 'u3' }),
];

describe('computeCritiqueEval', () => {
  const result = computeCritiqueEval(trials);

  it('counts detection over decided trials per arm, pending reviews apart', () => {
    expect(result.detection.UNASSISTED).toMatchObject({ x: 1, n: 2 });
    expect(result.detection.ASSISTED).toMatchObject({ x: 2, n: 3 });
    expect(result.pending).toEqual({ UNASSISTED: 1, ASSISTED: 0 });
    expect(result.counts).toEqual({ trials: 10, flawedTrials: 6, originalTrials: 4, sources: 3, labelers: 3, pendingReview: 1 });
    // Wilson 95% for 1 of 2: 0.0945 to 0.9055.
    expect(result.detection.UNASSISTED.interval.low).toBeCloseTo(0.0945, 3);
    expect(result.detection.UNASSISTED.interval.high).toBeCloseTo(0.9055, 3);
  });

  it('gives the relative gain (2/3) / (1/2) − 1 = 1/3 with a reproducible bootstrap interval around it', () => {
    expect(result.gain.estimate).toBeCloseTo(1 / 3, 10);
    expect(result.gain.low).toBeLessThanOrEqual(result.gain.estimate);
    expect(result.gain.high).toBeGreaterThanOrEqual(result.gain.estimate);
    expect(computeCritiqueEval([...trials].reverse()).gain).toEqual(result.gain);
  });

  it('reports false alarms on originals, median times, breakdowns, helpfulness and "would have noticed"', () => {
    expect(result.falseAlarm.UNASSISTED).toMatchObject({ x: 1, n: 2 });
    expect(result.falseAlarm.ASSISTED).toMatchObject({ x: 0, n: 2 });
    // Unassisted times 20, 40, 10, 10, 10 s; assisted 30, 50, 10, 10, 10 s.
    expect(result.medianMs).toEqual({ UNASSISTED: 10_000, ASSISTED: 10_000 });
    expect(result.trialsPerArm).toEqual({ UNASSISTED: 5, ASSISTED: 5 });
    expect(result.bySeverity.find((r) => r.key === '4')!.rates.UNASSISTED).toMatchObject({ x: 1, n: 1 });
    expect(result.byCategory.find((r) => r.key === 'HARMFUL')!.rates.ASSISTED).toMatchObject({ x: 0, n: 1 });
    expect(result.helpfulness).toMatchObject({ x: 3, n: 5 });
    expect(result.wouldHaveNoticed).toMatchObject({ x: 1, n: 2 });
    expect(result.wouldHaveNoticedByOrder.yesFirst).toMatchObject({ x: 1, n: 1 });
    expect(result.wouldHaveNoticedByOrder.noFirst).toMatchObject({ x: 0, n: 1 });
  });

  it('has no gain without an unassisted find', () => {
    const none = computeCritiqueEval(trials.map((t) => (t.arm === 'UNASSISTED' && t.foundIntended ? { ...t, foundIntended: false } : t)));
    expect(none.gain.estimate).toBeNaN();
    expect(computeCritiqueEval([]).detection.ASSISTED).toMatchObject({ x: 0, n: 0 });
  });
});

describe('breakdown by critique model and template version (issue 24)', () => {
  it('puts each flawed trial under the source of its text’s critiques, both arms, keys sorted', () => {
    const result = computeCritiqueEval([
      trial('p1', 'FLAWED', 'UNASSISTED', { foundIntended: false, critiqueSource: 'critic-b · template v2' }),
      trial('p1', 'FLAWED', 'ASSISTED', { foundIntended: true, critiqueSource: 'critic-b · template v2' }),
      trial('p2', 'FLAWED', 'ASSISTED', { foundIntended: true, critiqueSource: 'critic-a · template v1' }),
      trial('p3', 'FLAWED', 'ASSISTED', { foundIntended: false, critiqueSource: 'critic-a · template v1' }),
      trial('p4', 'FLAWED', 'ASSISTED', { foundIntended: true, critiqueSource: null }),
      trial('p1', 'ORIGINAL', 'ASSISTED', { critiqueSource: 'imported' }),
    ]);
    expect(
      result.byCritiqueSource.map((r) => [r.key, r.rates.UNASSISTED.x, r.rates.UNASSISTED.n, r.rates.ASSISTED.x, r.rates.ASSISTED.n]),
    ).toEqual([
      ['critic-a · template v1', 0, 0, 1, 2],
      ['critic-b · template v2', 0, 1, 1, 1],
    ]);
  });
});
