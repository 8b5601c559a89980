import { describe, expect, it } from 'vitest';
import { createHealthAccumulator } from '@/lib/health/accumulate-health';
import { fitLogistic } from '@/lib/health/fit-logistic';
import { fitModelStrengths } from '@/lib/health/fit-model-strengths';
import { renderHealthMarkdown } from '@/lib/health/render-health';
import type { HealthItemInput, HealthPairInput } from '@/lib/health/types';
import { seededRandom } from '@/lib/stats/random';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 7}`).join(' ');

/** n items of two responses each, one labeled pair per item: `pick` says which response (0 or 1) is chosen. */
function dataset(options: {
  items: number;
  seed: number;
  response: (item: number, side: 0 | 1, random: () => number) => { text: string; modelId?: string };
  pick: (texts: [string, string], random: () => number, item: number) => 0 | 1;
  shownFirstWins?: number;
  /** Which items go to validation (default: one in five). */
  validation?: (item: number) => boolean;
}) {
  const random = seededRandom(options.seed);
  const health = createHealthAccumulator();
  for (let i = 0; i < options.items; i++) {
    const r0 = options.response(i, 0, random);
    const r1 = options.response(i, 1, random);
    const chosen = options.pick([r0.text, r1.text], random, i);
    const ids = [`a${i}`, `b${i}`];
    const winner = ids[chosen]!;
    const loser = ids[1 - chosen]!;
    const shownOrder = options.shownFirstWins === undefined ? null : random() < options.shownFirstWins ? [winner, loser] : [loser, winner];
    const item: HealthItemInput = {
      prompt: `question ${i} about word1 and word2`,
      responses: [
        { id: ids[0]!, text: r0.text, modelId: r0.modelId ?? null, flags: 0 },
        { id: ids[1]!, text: r1.text, modelId: r1.modelId ?? null, flags: 0 },
      ],
      rankings: [[[winner], [loser]]],
      shown: [{ ranking: [[winner], [loser]], shownOrder }],
    };
    // About one item in five goes to validation.
    const inValidation = options.validation ? options.validation(i) : i % 5 === 0;
    const pair: HealthPairInput = { split: inValidation ? 'validation' : 'train', tie: false, chosen: winner, rejected: loser };
    health.addItem(item, [pair]);
  }
  return health.report();
}

describe('fitLogistic', () => {
  it('finds the hand-computed maximum: 3 wins at x = 1 and 1 at x = −1 give σ(w) = 3/4, w = ln 3', () => {
    const rows = [1, 1, 1, -1];
    const fit = fitLogistic({
      dimension: 1,
      lambda: 0,
      forEachRow: (visit) => rows.forEach((x) => visit([0], [x], 1)),
    });
    expect(fit.converged).toBe(true);
    expect(fit.weights[0]).toBeCloseTo(Math.log(3), 6);
  });

  it('stays finite on separable rows thanks to the penalty', () => {
    const fit = fitLogistic({ dimension: 1, lambda: 1, forEachRow: (visit) => [1, 1, 1].forEach((x) => visit([0], [x], 1)) });
    expect(Number.isFinite(fit.weights[0]!)).toBe(true);
    expect(fit.weights[0]!).toBeGreaterThan(0.5);
  });
});

describe('length baseline', () => {
  it('gives 100% when the longer response always wins, and warns', () => {
    const report = dataset({
      items: 1000,
      seed: 1,
      response: (_i, _s, random) => ({ text: words(5 + Math.floor(random() * 60)) }),
      pick: ([a, b]) => (a.length >= b.length ? 0 : 1),
    });
    const equal = report.length.chars.equal;
    expect(report.length.chars.validation.share).toBe(1);
    expect(report.length.chars.train.share).toBe(1);
    expect(report.length.chars.validation.n + report.length.chars.train.n + equal).toBe(1000);
    expect(report.length.words.validation.share).toBe(1);
    expect(report.warnings.map((w) => w.code)).toContain('length');
    expect(report.warnings.find((w) => w.code === 'length')!.message).toMatch(/^length alone predicts 100% of validation pairs/);
    // The learned baseline sees it too: length weights dominate and the held-out accuracy is near 100%.
    expect(report.learned.validation!.accuracy).toBeGreaterThan(0.97);
  });

  it('gives about 50% on random labels, its interval holding 0.5, and no length warning', () => {
    const report = dataset({
      items: 4000,
      seed: 2,
      response: (_i, _s, random) => ({ text: words(5 + Math.floor(random() * 60)) }),
      pick: (_t, random) => (random() < 0.5 ? 0 : 1),
    });
    const all = report.length.chars.all;
    expect(all.low!).toBeLessThan(0.5);
    expect(all.high!).toBeGreaterThan(0.5);
    expect(Math.abs(all.share! - 0.5)).toBeLessThan(0.03);
    expect(report.learned.validation!.low!).toBeLessThan(0.5);
    expect(report.learned.validation!.high!).toBeGreaterThan(0.5);
    expect(report.warnings.map((w) => w.code)).not.toContain('length');
    expect(report.warnings.map((w) => w.code)).not.toContain('learnable');
  });
});

describe('learned baseline', () => {
  it('recovers a planted feature with the right signs: list items win, refusals lose, length is noise', () => {
    const report = dataset({
      items: 3000,
      seed: 3,
      response: (_i, _s, random) => {
        const lists = Math.floor(random() * 4);
        const refuse = random() < 0.3;
        const body = words(10 + Math.floor(random() * 40));
        return {
          text: `${refuse ? "I'm sorry, I can't help fully. " : ''}${body}\n${Array.from({ length: lists }, (_, k) => `- point ${k}`).join('\n')}`,
        };
      },
      pick: ([a, b], random) => {
        const score = (t: string) => (t.match(/^- /gm)?.length ?? 0) - 2 * (t.startsWith("I'm sorry") ? 1 : 0);
        const z = 1.2 * (score(a) - score(b));
        return random() < 1 / (1 + Math.exp(-z)) ? 0 : 1;
      },
    });
    const weight = (f: string) => report.learned.weights.find((w) => w.feature === f)!.weight!;
    expect(weight('list_items')).toBeGreaterThan(0.5);
    expect(weight('refusal_phrases')).toBeLessThan(-0.5);
    // Planted weights dominate the length ones.
    expect(Math.abs(weight('list_items'))).toBeGreaterThan(Math.abs(weight('words')));
    expect(report.learned.validation!.accuracy).toBeGreaterThan(0.7);
    expect(report.learned.weights.find((w) => w.feature === 'flags')!.weight).toBeNull(); // never differs
    expect(report.learned.converged).toBe(true);
  });
});

describe('position and agreement', () => {
  it('measures the share won by the response shown first', () => {
    const report = dataset({
      items: 2000,
      seed: 4,
      response: (_i, side) => ({ text: words(10 + side) }),
      pick: (_t, random) => (random() < 0.5 ? 0 : 1),
      shownFirstWins: 0.7,
    });
    expect(report.position.n).toBe(2000);
    expect(report.position.share!).toBeGreaterThan(0.66);
    expect(report.position.share!).toBeLessThan(0.74);
    expect(report.warnings.find((w) => w.code === 'position')!.message).toMatch(/shown first won 7\d% of 2,000 labeled pairs/);
  });

  it('counts ties, leaves them out of every accuracy, and measures agreement on items with two labels', () => {
    const health = createHealthAccumulator();
    const item: HealthItemInput = {
      prompt: 'p',
      responses: [
        { id: 'x', text: 'a long answer here', modelId: 'm1', flags: 0 },
        { id: 'y', text: 'short', modelId: 'm2', flags: 1 },
        { id: 'z', text: 'mid answer', modelId: 'm2', flags: 0 },
      ],
      // Two labelers: x > y > z and x > z > y → pairs (x,y), (x,z) agree, (y,z) disagrees: 2/3.
      rankings: [
        [['x'], ['y'], ['z']],
        [['x'], ['z'], ['y']],
      ],
      shown: [],
    };
    health.addItem(item, [
      { split: 'train', tie: false, chosen: 'x', rejected: 'y' },
      { split: 'train', tie: true, chosen: 'y', rejected: 'z' },
    ]);
    const report = health.report();
    expect(report.pairs).toEqual({ rows: 2, ties: 1, compared: 1, train: 2, validation: 0 });
    expect(report.length.chars.train).toMatchObject({ n: 1, hits: 1 });
    expect(report.agreement.items).toBe(1);
    expect(report.agreement.human).toMatchObject({ n: 3, hits: 2 });
    // Length rule against each label: labeler 1: x>y ✓, x>z ✓, y>z ✗; labeler 2: x>z ✓, x>y ✓, z>y ✓ → 5/6.
    expect(report.agreement.length_rule).toMatchObject({ n: 6, hits: 5 });
    expect(report.learned.validation).toBeNull();
    expect(renderHealthMarkdown(report)).toContain('| Human agreement (ceiling) | items with 2+ labels | 66.7% |');
  });
});

describe('an empty dataset', () => {
  it('says there is nothing to measure, with no shares and no fit', () => {
    const report = createHealthAccumulator().report();
    expect(report.pairs.rows).toBe(0);
    expect(report.length.chars.all.share).toBeNull();
    expect(report.learned.validation).toBeNull();
    expect(report.models.rows).toEqual([]);
    expect(report.warnings).toEqual([{ code: 'small', message: expect.stringMatching(/^no labeled pairs to measure yet/) }]);
  });
});

describe('models with and without length control', () => {
  it('recovers planted strengths when one model is simply more verbose; uncontrolled ranks it too high', () => {
    const truth: Record<string, number> = { verbose: 0, strong: 0.6, weak: -0.6 };
    const names = Object.keys(truth);
    const random = seededRandom(5);
    const games: [number, number, number][] = [];
    for (let g = 0; g < 30_000; g++) {
      const a = Math.floor(random() * 3);
      const b = (a + 1 + Math.floor(random() * 2)) % 3;
      const len = (m: number) => (names[m] === 'verbose' ? 900 : 300) * (0.5 + random());
      const la = len(a);
      const lb = len(b);
      const ell = (la - lb) / (la + lb);
      const z = truth[names[a]!]! - truth[names[b]!]! + 3 * ell;
      if (random() < 1 / (1 + Math.exp(-z))) games.push([a, b, ell]);
      else games.push([b, a, -ell]);
    }
    const fit = fitModelStrengths({ models: names, forEachGame: (visit) => games.forEach(([w, l, e]) => visit(w, l, e)) });
    const row = (m: string) => fit.rows.find((r) => r.model === m)!;
    // Uncontrolled, the verbose model beats the truly strongest one.
    expect(row('verbose').rating).toBeGreaterThan(row('strong').rating);
    // Controlled: the planted order and gaps come back (θ on the Elo-like scale: 400/ln10 per unit).
    expect(fit.rows.map((r) => r.model)).toEqual(['strong', 'verbose', 'weak']);
    const unit = 400 / Math.LN10;
    expect((row('strong').rating_length_controlled - row('verbose').rating_length_controlled) / unit).toBeCloseTo(0.6, 1);
    expect((row('verbose').rating_length_controlled - row('weak').rating_length_controlled) / unit).toBeCloseTo(0.6, 1);
    expect(fit.lengthCoefficient!).toBeGreaterThan(0);
  });

  it('warns when a model drops once length is controlled (through the accumulator)', () => {
    const truth: Record<string, number> = { verbose: 0, strong: 0.8 };
    const report = dataset({
      items: 4000,
      seed: 6,
      response: (i, side, random) => {
        const model = (i + side) % 2 === 0 ? 'verbose' : 'strong';
        return { text: words(Math.round((model === 'verbose' ? 90 : 30) * (0.5 + random()))), modelId: model };
      },
      pick: ([a, b], random, i) => {
        const ma = i % 2 === 0 ? 'verbose' : 'strong';
        const mb = ma === 'verbose' ? 'strong' : 'verbose';
        const ell = (a.length - b.length) / (a.length + b.length);
        const z = truth[ma]! - truth[mb]! + 6 * ell;
        return random() < 1 / (1 + Math.exp(-z)) ? 0 : 1;
      },
    });
    const rows = report.models.rows;
    expect(rows[0]!.model).toBe('strong');
    const verbose = rows.find((r) => r.model === 'verbose')!;
    expect(verbose.rating).toBeGreaterThan(verbose.rating_length_controlled);
    expect(verbose.rating - verbose.rating_length_controlled).toBeGreaterThan(25);
    const style = report.warnings.filter((w) => w.code === 'style');
    expect(style).toHaveLength(1);
    expect(style[0]!.message).toMatch(/^verbose rates \d+ by wins but \d+ once length is controlled \(#1 → #2\): part of its wins/);
  });
});

describe('the learned baseline interval', () => {
  const longerWins = (items: number, validationItems: number) =>
    dataset({
      items,
      validation: (i) => i < validationItems,
      seed: 4,
      response: (_i, _s, random) => ({ text: words(5 + Math.floor(random() * 60)) }),
      pick: ([a, b]) => (a.length >= b.length ? 0 : 1),
    });

  it('is not given over fewer than five validation prompts (a bootstrap of one prompt is zero-width)', () => {
    const report = longerWins(40, 3);
    expect(report.learned.validation!.items).toBe(3);
    expect(report.learned.validation!.low).toBeNull();
    expect(report.learned.validation!.high).toBeNull();
  });

  it('is given from five validation prompts on', () => {
    const report = longerWins(40, 5);
    expect(report.learned.validation!.items).toBe(5);
    expect(report.learned.validation!.low).not.toBeNull();
    expect(report.learned.validation!.high!).toBeGreaterThanOrEqual(report.learned.validation!.low!);
  });
});
