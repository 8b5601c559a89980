import { describe, expect, it } from 'vitest';
import { computeCritiqueGap, differenceInterval, type CritiqueHit, type DiscriminatorTrial } from '@/lib/judge/compute-critique-gap';
import { wilsonInterval } from '@/lib/stats';

describe('differenceInterval (Newcombe 1998, method 10)', () => {
  it('gives the published interval for 56/70 − 48/80: 0.0524 to 0.3339', () => {
    const d = differenceInterval(56, 70, 48, 80);
    expect(d.estimate).toBeCloseTo(0.2, 10);
    expect(d.low).toBeCloseTo(0.0524, 4);
    expect(d.high).toBeCloseTo(0.3339, 4);
  });
  it('and 9/10 − 3/10: 0.1705 to 0.8090', () => {
    const d = differenceInterval(9, 10, 3, 10);
    expect(d.low).toBeCloseTo(0.1705, 4);
    expect(d.high).toBeCloseTo(0.809, 3);
  });
  it('NaN when a side has no trials', () => expect(Number.isNaN(differenceInterval(1, 2, 0, 0).low)).toBe(true));
});

describe('computeCritiqueGap', () => {
  const trial = (model: string, category: string, severity: number, correct: boolean): DiscriminatorTrial => ({
    model,
    category,
    severity,
    correct,
  });
  const hit = (
    source: 'labelers' | 'judge',
    model: string,
    templateVersion: number,
    category: string,
    severity: number,
    ok: boolean,
  ): CritiqueHit => ({
    source,
    model,
    templateVersion,
    category,
    severity,
    hit: ok,
  });
  // 4 trials: 3 correct (accuracy 3/4); labelers' hits 1/2, the judge's 1/4.
  const trials = [
    trial('m', 'accuracy', 3, true),
    trial('m', 'accuracy', 3, true),
    trial('m', 'coverage', 1, true),
    trial('m', 'coverage', 1, false),
  ];
  const hits = [
    hit('labelers', 'm', 1, 'accuracy', 3, true),
    hit('labelers', 'm', 2, 'coverage', 1, false),
    hit('judge', 'm', 1, 'accuracy', 3, true),
    hit('judge', 'm', 1, 'accuracy', 3, false),
    hit('judge', 'm', 2, 'coverage', 1, false),
    hit('judge', 'm', 2, 'coverage', 1, false),
  ];
  const rows = computeCritiqueGap(trials, hits);
  const find = (dimension: string, value: string) => rows.find((r) => r.dimension === dimension && r.value === value)!;

  it('overall: accuracy 3/4, labelers 1/2, judge 1/4, gaps 0.25 and 0.5 with Newcombe intervals', () => {
    const all = find('all', 'all');
    expect(all.discriminator).toEqual({ ...wilsonInterval(3, 4), successes: 3, n: 4 });
    expect(all.labelers).toMatchObject({ successes: 1, n: 2 });
    expect(all.judge).toMatchObject({ successes: 1, n: 4 });
    expect(all.gapLabelers).toEqual(differenceInterval(3, 4, 1, 2));
    expect(all.gapJudge.estimate).toBeCloseTo(0.5, 10);
  });

  it('per category and severity both sides are split; per template version the discriminator keeps all its trials', () => {
    expect(find('category', 'accuracy').discriminator).toMatchObject({ successes: 2, n: 2 });
    expect(find('category', 'accuracy').judge).toMatchObject({ successes: 1, n: 2 });
    expect(find('severity', '1').discriminator).toMatchObject({ successes: 1, n: 2 });
    expect(find('templateVersion', '2').discriminator).toMatchObject({ successes: 3, n: 4 });
    expect(find('templateVersion', '2').judge).toMatchObject({ successes: 0, n: 2 });
    expect(rows.map((r) => `${r.dimension}:${r.value}`)).toEqual([
      'all:all',
      'model:m',
      'templateVersion:1',
      'templateVersion:2',
      'category:accuracy',
      'category:coverage',
      'severity:1',
      'severity:3',
    ]);
  });
});
