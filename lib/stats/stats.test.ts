import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  alphaFromCoincidences,
  binomialTestGreater,
  binomialTestLess,
  bootstrapCounts,
  bootstrapInterval,
  bootstrapSums,
  bradleyTerry,
  bradleyTerryFromTallies,
  bradleyTerryWithCovariates,
  laplacianPseudoInverse,
  seededRandom,
  solveLinear,
  fleissKappa,
  kendallW,
  krippendorffAlpha,
  pairwiseAgreement,
  normalCdf,
  normalTestTwoSided,
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
    expect(
      krippendorffAlpha(
        [
          [1, 2, 3, null],
          [1, 2, 3, 4],
        ],
        'ordinal',
      ),
    ).toBeCloseTo(1, 12);
  });
  it('is NaN without variation', () => {
    expect(
      krippendorffAlpha(
        [
          [2, 2],
          [2, 2],
        ],
        'nominal',
      ),
    ).toBeNaN();
  });
  it('is negative for systematic disagreement', () => {
    expect(
      krippendorffAlpha(
        [
          [1, 2, 1, 2],
          [2, 1, 2, 1],
        ],
        'nominal',
      ),
    ).toBeLessThan(0);
  });
});

describe('kendallW', () => {
  it('corrects for ties: identical tied rankings still concord fully', () => {
    const tied = [1.5, 1.5, 3, 4];
    expect(kendallW([tied, tied, tied])).toBeCloseTo(1, 12);
    // Without the correction: 12·40.5 / (9·60) = 0.9.
  });
  it('is 0 when two raters order items exactly opposite', () => {
    expect(
      kendallW([
        [1, 2, 3],
        [3, 2, 1],
      ]),
    ).toBeCloseTo(0, 12);
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
    expect(
      bradleyTerry([
        ['a', 'b', 0.5],
        ['a', 'b', 0.5],
      ]).a,
    ).toBeCloseTo(1000, 8);
  });
  it('stays finite for an unbeaten model with a prior', () => {
    const r = bradleyTerry(
      [
        ['a', 'b', 1],
        ['a', 'b', 1],
      ],
      { prior: 1 },
    );
    expect(Number.isFinite(r.a!)).toBe(true);
    expect(r.a! - r.b!).toBeCloseTo((400 * Math.log10(5 / 1)) / 1, -1); // 2.5 vs 0.5 wins of 3 games → odds 5
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

describe('building blocks of the precomputed dashboard', () => {
  /** The coincidence matrix of some units (each a list of values from different coders) over values 1..5. */
  function coincidences(units: number[][]): number[][] {
    const o = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    for (const unit of units) {
      if (unit.length < 2) continue;
      for (let i = 0; i < unit.length; i++)
        for (let j = 0; j < unit.length; j++) if (i !== j) o[unit[i]! - 1]![unit[j]! - 1]! += 1 / (unit.length - 1);
    }
    return o;
  }
  const add = (a: number[][], b: number[][]) => a.map((row, c) => row.map((x, d) => x + b[c]![d]!));

  it('alpha of summed per-unit coincidence matrices equals alpha of the whole reliability matrix', () => {
    const coders = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, null],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5],
      [null, 3, 3, 3, 2, 3, 4, 2, 2, 5],
    ];
    const units = coders[0]!.map((_, u) => coders.map((c) => c[u]).filter((v): v is number => v !== null && v !== undefined));
    const summed = [coincidences(units.slice(0, 4)), coincidences(units.slice(4, 7)), coincidences(units.slice(7))].reduce(add);
    for (const level of ['nominal', 'ordinal', 'interval'] as const) {
      expect(alphaFromCoincidences(summed, [1, 2, 3, 4, 5], level)).toBeCloseTo(krippendorffAlpha(coders, level), 12);
    }
    expect(
      alphaFromCoincidences(
        coincidences([
          [2, 2],
          [2, 2, 2],
        ]),
        [1, 2, 3, 4, 5],
        'ordinal',
      ),
    ).toBeNaN();
  });

  it('Bradley–Terry from tallies equals the fit on the single games', () => {
    const games: [string, string, number][] = [
      ['a', 'b', 1],
      ['a', 'b', 0.5],
      ['b', 'a', 1],
      ['a', 'c', 1],
      ['c', 'b', 0],
      ['c', 'b', 1],
      ['a', 'c', 0],
    ];
    const tallies = [
      { a: 'a', b: 'b', wins: 1.5, games: 3 },
      { a: 'a', b: 'c', wins: 1, games: 2 },
      { a: 'b', b: 'c', wins: 1, games: 2 },
    ];
    const direct = bradleyTerry(games, { prior: 1 });
    const fromTallies = bradleyTerryFromTallies(tallies, { prior: 1 });
    for (const m of ['a', 'b', 'c']) expect(fromTallies[m]).toBeCloseTo(direct[m]!, 8);
    // Starting elsewhere (a bootstrap starts from the full fit) reaches the same maximum.
    const started = bradleyTerryFromTallies(tallies, { prior: 1, start: { a: 1300, b: 700, c: 1000 } });
    for (const m of ['a', 'b', 'c']) expect(started[m]).toBeCloseTo(direct[m]!, 6);
  });

  it('bootstrapSums resamples like bootstrapInterval and evaluates every statistic on the same resamples', () => {
    const units = Array.from({ length: 40 }, (_, i) => [i % 3 === 0 ? 2 : 1, 3, i % 5]);
    const ratio = (s: ArrayLike<number>) => s[0]! / s[1]!;
    const [viaSums, other] = bootstrapSums(units, (s) => [ratio(s), s[2]! / s[1]!], { seed: 7, resamples: 300 });
    const direct = bootstrapInterval(units, (sample) => ratio([0, 1].map((k) => sample.reduce((t, u) => t + u[k]!, 0))), {
      seed: 7,
      resamples: 300,
    });
    expect(viaSums!.estimate).toBeCloseTo(direct.estimate, 12);
    expect(viaSums!.low).toBeCloseTo(direct.low, 12);
    expect(viaSums!.high).toBeCloseTo(direct.high, 12);
    expect(other!.low).toBeLessThan(other!.high);
    expect(bootstrapSums(units, (s) => [ratio(s)], { seed: 7, resamples: 300 })).toEqual(
      bootstrapSums(units, (s) => [ratio(s)], { seed: 7, resamples: 300 }),
    );
    expect(bootstrapSums([], () => [1], { seed: 1 })[0]!.low).toBeNaN();
  });

  it('lower-tail binomial test and the normal distribution', () => {
    expect(binomialTestLess(1, 10, 0.5)).toBeCloseTo(11 / 1024, 12);
    expect(binomialTestLess(10, 10, 0.3)).toBe(1);
    expect(binomialTestLess(3, 10, 0.3) + binomialTestGreater(4, 10, 0.3)).toBeCloseTo(1, 12);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalTestTwoSided(2.5758293035489)).toBeCloseTo(0.01, 7);
    expect(normalTestTwoSided(-2.5758293035489)).toBeCloseTo(0.01, 7);
    // Far tail keeps its relative precision: 2·(1 − Φ(6)) = 1.973175e-9.
    expect(normalTestTwoSided(6) / 1.9731752900753e-9).toBeCloseTo(1, 5);
  });
});

describe('issue 26: Bradley–Terry with covariates, bootstrapCounts, linear algebra', () => {
  it('bradleyTerryWithCovariates without covariates equals the MM fit on the same games and prior', () => {
    const games: [string, string, number][] = [
      ['a', 'b', 1],
      ['a', 'b', 1],
      ['a', 'b', 0],
      ['b', 'c', 1],
      ['b', 'c', 0.5],
      ['a', 'c', 1],
    ];
    const mm = bradleyTerry(games, { prior: 1 });
    const newton = bradleyTerryWithCovariates(
      games.map(([a, b, outcome]) => ({ a, b, outcome, covariates: [] })),
      { prior: 1 },
    );
    for (const m of ['a', 'b', 'c']) expect(newton.ratings[m]).toBeCloseTo(mm[m]!, 6);
    expect(newton.coefficients).toEqual([]);
  });

  it('recovers a planted covariate effect and the strengths beside it', () => {
    const random = seededRandom(9);
    const strength: Record<string, number> = { a: 0.5, b: 0, c: -0.5 };
    const games = Array.from({ length: 6000 }, () => {
      const [a, b] = random() < 0.5 ? ['a', 'b'] : random() < 0.5 ? ['b', 'c'] : ['a', 'c'];
      const x = random() * 2 - 1;
      const p = 1 / (1 + Math.exp(-(strength[a!]! - strength[b!]! + 1.2 * x)));
      return { a: a!, b: b!, outcome: random() < p ? 1 : 0, covariates: [x] };
    });
    const fit = bradleyTerryWithCovariates(games);
    expect(fit.coefficients[0]).toBeGreaterThan(1.05);
    expect(fit.coefficients[0]).toBeLessThan(1.35);
    const logit = (m: string) => ((fit.ratings[m]! - 1000) * Math.LN10) / 400;
    for (const m of ['a', 'b', 'c']) expect(Math.abs(logit(m) - strength[m]!)).toBeLessThan(0.08);
    // Weights count a game that many times.
    const twice = bradleyTerryWithCovariates([...games, ...games]);
    const weighted = bradleyTerryWithCovariates(games, { weights: games.map(() => 2) });
    expect(weighted.coefficients[0]).toBeCloseTo(twice.coefficients[0]!, 8);
  });

  it('bootstrapCounts draws as bootstrapSums does: a sum statistic gets the same intervals', () => {
    const units = [1, 5, 2, 8, 3, 3, 9, 0].map((x) => [x, 1]);
    const bySums = bootstrapSums(units, (s) => [s[0]! / s[1]!], { seed: 4, resamples: 300 });
    const byCounts = bootstrapCounts(
      units.length,
      (counts) => {
        let total = 0;
        let n = 0;
        counts.forEach((c, i) => ((total += c * units[i]![0]!), (n += c)));
        return [total / n];
      },
      { seed: 4, resamples: 300 },
    );
    expect(byCounts[0]!.estimate).toBeCloseTo(bySums[0]!.estimate, 12);
    expect(byCounts[0]!.low).toBeCloseTo(bySums[0]!.low, 12);
    expect(byCounts[0]!.high).toBeCloseTo(bySums[0]!.high, 12);
  });

  it('solveLinear solves with pivoting, and the Laplacian pseudo-inverse is one', () => {
    expect(Array.from(solveLinear([0, 2, 1, 1], [4, 3]))).toEqual([1, 2]);
    expect(() => solveLinear([1, 2, 2, 4], [1, 1])).toThrow(RangeError);
    // Path a–b–c with unit weights.
    const laplacian = [1, -1, 0, -1, 2, -1, 0, -1, 1];
    const pinv = laplacianPseudoInverse(laplacian, 3);
    // L·L⁺·L = L
    const mul = (x: ArrayLike<number>, y: ArrayLike<number>) =>
      Array.from({ length: 9 }, (_, i) => [0, 1, 2].reduce((s, k) => s + x[Math.floor(i / 3) * 3 + k]! * y[k * 3 + (i % 3)]!, 0));
    mul(mul(laplacian, pinv), laplacian).forEach((v, i) => expect(v).toBeCloseTo(laplacian[i]!, 10));
    // Variance of the a–c difference = effective resistance 2.
    expect(pinv[0]! + pinv[8]! - 2 * pinv[2]!).toBeCloseTo(2, 10);
  });
});
