import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  binomialTestGreater,
  bootstrapInterval,
  bradleyTerry,
  fleissKappa,
  kendallW,
  krippendorffAlpha,
  pairwiseAgreement,
  ranksFromGroups,
  wilsonInterval,
  type MeasurementLevel,
} from '@/lib/stats';

// The published vectors (../shared/fixtures), copied into the repo so a clean clone can run them.
const vectorsPath = path.resolve(import.meta.dirname, '../../tests/fixtures/stats/agreement-vectors.json');
const vectors = JSON.parse(fs.readFileSync(vectorsPath, 'utf8')) as {
  krippendorff: { name: string; coders: (number | null)[][]; expected: Partial<Record<MeasurementLevel, number>>; tolerance: number }[];
  fleiss_kappa: { name: string; counts: number[][]; expected: number; tolerance: number }[];
  kendall_w: { name: string; ranks_by_rater: number[][]; expected: number; tolerance: number }[];
  bradley_terry: { name: string; games: [string, string, number][]; expected_elo_gap: number; tolerance: number }[];
};

describe('published vectors', () => {
  const shared = path.resolve(import.meta.dirname, '../../../shared/fixtures/agreement-vectors.json');
  it.runIf(fs.existsSync(shared))('the repo copy equals ../shared/fixtures', () => {
    expect(fs.readFileSync(vectorsPath, 'utf8')).toBe(fs.readFileSync(shared, 'utf8'));
  });

  for (const v of vectors.krippendorff) {
    for (const [level, expected] of Object.entries(v.expected) as [MeasurementLevel, number][]) {
      it(`Krippendorff alpha ${level}: ${v.name}`, () => {
        expect(Math.abs(krippendorffAlpha(v.coders, level) - expected)).toBeLessThanOrEqual(v.tolerance);
      });
    }
  }
  for (const v of vectors.fleiss_kappa) {
    it(`Fleiss kappa: ${v.name}`, () => expect(Math.abs(fleissKappa(v.counts) - v.expected)).toBeLessThanOrEqual(v.tolerance));
  }
  for (const v of vectors.kendall_w) {
    it(`Kendall W: ${v.name}`, () => expect(Math.abs(kendallW(v.ranks_by_rater) - v.expected)).toBeLessThanOrEqual(v.tolerance));
  }
  for (const v of vectors.bradley_terry) {
    it(`Bradley–Terry: ${v.name}`, () => {
      const r = bradleyTerry(v.games);
      const [first, second] = [v.games[0]![0], v.games[0]![1]];
      expect(Math.abs(r[first]! - r[second]! - v.expected_elo_gap)).toBeLessThanOrEqual(v.tolerance);
      expect((r[first]! + r[second]!) / 2).toBeCloseTo(1000, 6);
    });
  }
});

describe('krippendorffAlpha', () => {
  it('is 1 for perfect agreement and ignores units with a single value', () => {
    expect(krippendorffAlpha([[1, 2, 3, null], [1, 2, 3, 4]], 'ordinal')).toBeCloseTo(1, 12);
  });
  it('is NaN without variation', () => {
    expect(krippendorffAlpha([[2, 2], [2, 2]], 'nominal')).toBeNaN();
  });
  it('is negative for systematic disagreement', () => {
    expect(krippendorffAlpha([[1, 2, 1, 2], [2, 1, 2, 1]], 'nominal')).toBeLessThan(0);
  });
});

describe('kendallW', () => {
  it('corrects for ties: identical tied rankings still concord fully', () => {
    const tied = [1.5, 1.5, 3, 4];
    expect(kendallW([tied, tied, tied])).toBeCloseTo(1, 12);
    // Without the correction: 12·40.5 / (9·60) = 0.9.
  });
  it('is 0 when two raters order items exactly opposite', () => {
    expect(kendallW([[1, 2, 3], [3, 2, 1]])).toBeCloseTo(0, 12);
  });
  it('turns tie groups into mean ranks', () => {
    expect(ranksFromGroups([['a'], ['b', 'c'], ['d']])).toEqual({ a: 1, b: 2.5, c: 2.5, d: 4 });
  });
});

describe('pairwiseAgreement', () => {
  const a = [['x'], ['y'], ['z']];
  it('counts strictly ordered pairs ordered the same way', () => {
    expect(pairwiseAgreement(a, [['x'], ['z'], ['y']])).toEqual({ agree: 2, compared: 3, rate: 2 / 3 });
  });
  it('excludes ties by default and counts a one-sided tie as disagreement in the variant', () => {
    const b = [['x', 'y'], ['z']];
    expect(pairwiseAgreement(a, b)).toEqual({ agree: 2, compared: 2, rate: 1 });
    expect(pairwiseAgreement(a, b, { tiesAsDisagreement: true })).toEqual({ agree: 2, compared: 3, rate: 2 / 3 });
    expect(pairwiseAgreement([['x', 'y']], [['x', 'y']], { tiesAsDisagreement: true }).rate).toBeNaN();
  });
});

describe('bradleyTerry', () => {
  it('recovers the order of known strengths and is symmetric in tie handling', () => {
    const games: [string, string, number][] = [];
    for (let i = 0; i < 30; i++) games.push(['strong', 'weak', i < 24 ? 1 : 0]);
    for (let i = 0; i < 20; i++) games.push(['mid', 'weak', i < 12 ? 1 : 0.5]);
    for (let i = 0; i < 20; i++) games.push(['strong', 'mid', i < 12 ? 1 : 0]);
    const r = bradleyTerry(games);
    expect(r.strong!).toBeGreaterThan(r.mid!);
    expect(r.mid!).toBeGreaterThan(r.weak!);
    expect(bradleyTerry([['a', 'b', 0.5], ['a', 'b', 0.5]]).a).toBeCloseTo(1000, 8);
  });
  it('stays finite for an unbeaten model with a prior', () => {
    const r = bradleyTerry([['a', 'b', 1], ['a', 'b', 1]], { prior: 1 });
    expect(Number.isFinite(r.a!)).toBe(true);
    expect(r.a! - r.b!).toBeCloseTo(400 * Math.log10(5 / 1) / 1, -1); // 2.5 vs 0.5 wins of 3 games → odds 5
  });
});

describe('intervals and tests', () => {
  it('bootstrap: same seed, same interval; the interval contains the estimate', () => {
    const units = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const mean = (s: number[]) => s.reduce((x, y) => x + y, 0) / s.length;
    const first = bootstrapInterval(units, mean, { seed: 42 });
    expect(bootstrapInterval(units, mean, { seed: 42 })).toEqual(first);
    expect(bootstrapInterval(units, mean, { seed: 43 })).not.toEqual(first);
    expect(first.low).toBeLessThan(first.estimate);
    expect(first.high).toBeGreaterThan(first.estimate);
  });
  it('Wilson interval matches the textbook value', () => {
    // 81 of 263 (Wilson 1927 example as in Newcombe 1998): 0.2553 – 0.3662.
    const w = wilsonInterval(81, 263);
    expect(w.low).toBeCloseTo(0.2553, 3);
    expect(w.high).toBeCloseTo(0.3662, 3);
    expect(wilsonInterval(0, 10).low).toBe(0);
  });
  it('one-sided binomial test', () => {
    expect(binomialTestGreater(9, 10, 0.5)).toBeCloseTo(11 / 1024, 12);
    expect(binomialTestGreater(0, 10, 0.5)).toBe(1);
  });
});
