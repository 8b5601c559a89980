/** The steps kind's pure parts: splitting, the label check, the stepwise mapping, consensus and first-error agreement (hand-computed). */
import { describe, expect, it } from 'vitest';
import { checkStepLabels, unratedSteps } from '@/lib/steps/check-step-labels';
import { splitSteps, responseSteps } from '@/lib/steps/split-steps';
import { computeStepAgreement, firstErrorLocation } from '@/lib/steps/step-agreement';
import { consensusRatings, stepwiseLabels } from '@/lib/steps/stepwise';
import { krippendorffAlpha } from '@/lib/stats/krippendorff-alpha';

/** Every step is an exact piece of the text, in order, and together they hold all its non-blank characters. */
function expectExactPieces(text: string, steps: string[]) {
  let from = 0;
  for (const step of steps) {
    const at = text.indexOf(step, from);
    expect(at, `"${step}" is a piece of the text after ${from}`).toBeGreaterThanOrEqual(from);
    from = at + step.length;
  }
  expect(steps.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
}

describe('splitSteps', () => {
  it('splits on blank lines, keeping each step exact (inner line breaks, indentation, numbering)', () => {
    const text = 'First, note x = 2.\nSo 2x = 4.\n\n\n  Then y = x + 1 = 3.  \n   \nAnswer: 3\n';
    const steps = splitSteps(text, 'blank_lines');
    expect(steps).toEqual(['First, note x = 2.\nSo 2x = 4.', '  Then y = x + 1 = 3.  ', 'Answer: 3']);
    expectExactPieces(text, steps);
  });

  it('splits on numbered lines; text before the first number is a step; CRLF blank lines count as blank', () => {
    const text = 'Let us solve it.\n1. Add 2 and 3.\n   That gives 5.\n2) Double it: 10.\nStep 3: Done.\n';
    const steps = splitSteps(text, 'numbered_lines');
    expect(steps).toEqual(['Let us solve it.', '1. Add 2 and 3.\n   That gives 5.', '2) Double it: 10.', 'Step 3: Done.']);
    expectExactPieces(text, steps);
    expect(splitSteps('a\r\n\r\nb', 'blank_lines')).toEqual(['a', 'b']);
  });

  it('gives one step without separators, none for a blank text, and prefers an explicit list', () => {
    expect(splitSteps('Just one step. 2. is not a line start', 'numbered_lines')).toEqual(['Just one step. 2. is not a line start']);
    expect(splitSteps('  \n\n ', 'blank_lines')).toEqual([]);
    expect(responseSteps({ text: 'a\n\nb', metadata: { steps: ['a b'] } }, 'blank_lines')).toEqual(['a b']);
    expect(responseSteps({ text: 'a\n\nb', metadata: { steps: [] } }, 'blank_lines')).toEqual(['a', 'b']);
  });
});

describe('checkStepLabels', () => {
  const base = { stepCount: 4, flaws: [], finalAnswer: 'INCORRECT' as const, untilFirstError: false };

  it('refuses an unrated step, naming it, and never fills a default', () => {
    const out = checkStepLabels({ ...base, ratings: [1, null, 0, null] });
    expect(out).toEqual({
      problem: { field: 'ratings[1]', message: 'Rate every step before submitting: step 2, step 4 are not rated yet' },
    });
    expect(checkStepLabels({ ...base, ratings: [1, 1, 0] })).toMatchObject({ problem: { field: 'ratings[3]' } });
  });

  it('until the first error: later steps are not asked and not stored, even when sent', () => {
    expect(unratedSteps([1, -1, null, null], 4, true)).toEqual([]);
    const out = checkStepLabels({ ...base, untilFirstError: true, ratings: [1, -1, 1, null], flaws: ['', 'wrong sign'] });
    expect(out).toEqual({ labels: [{ rating: 1 }, { rating: -1, flaw: 'wrong sign' }] });
    // Without the option the same ratings are refused.
    expect(checkStepLabels({ ...base, ratings: [1, -1, 1, null] })).toMatchObject({ problem: { field: 'ratings[3]' } });
  });

  it('puts flaw notes on negative steps only and asks for the final verdict', () => {
    expect(checkStepLabels({ ...base, ratings: [1, 1, 1, 1], flaws: ['', 'note'] })).toMatchObject({ problem: { field: 'flaws[1]' } });
    expect(checkStepLabels({ ...base, ratings: [1, 1, 1, 1], finalAnswer: null })).toMatchObject({ problem: { field: 'finalAnswer' } });
    expect(checkStepLabels({ ...base, ratings: [1, 1, 1, 1, 1] })).toMatchObject({ problem: { field: 'ratings' } });
  });
});

describe('stepwise mapping', () => {
  it('maps +1 to true, −1 to false and neutral by the rule, both ways', () => {
    expect(stepwiseLabels([1, 0, -1], 'true')).toEqual([true, true, false]);
    expect(stepwiseLabels([1, 0, -1], 'false')).toEqual([true, false, false]);
  });

  it('takes the majority per step and stops at the first tie or unrated step', () => {
    expect(
      consensusRatings([
        [1, 1, -1],
        [1, 0, -1],
        [1, 1, 1],
      ]),
    ).toEqual([1, 1, -1]);
    expect(
      consensusRatings([
        [1, 1, 0],
        [1, -1, 0],
      ]),
    ).toEqual([1]);
    expect(consensusRatings([[1, 1], [1]])).toEqual([1, 1]);
    expect(consensusRatings([])).toEqual([]);
  });
});

describe('step agreement', () => {
  it('locates the first error: a step, "none" when all were rated, unknown when labelling stopped early', () => {
    expect(firstErrorLocation([1, 0, -1], 5)).toBe(2);
    expect(firstErrorLocation([1, 0, 1], 3)).toBe('none');
    expect(firstErrorLocation([1, 0], 3)).toBeNull();
  });

  it('counts labeler pairs that agree on the first error (hand-computed) and matches alpha from the reliability matrix', () => {
    const responses = [
      // Three labelers: first errors at 1, 1 and "none" → pairs (a,b) agree, (a,c) and (b,c) do not: 1 of 3.
      {
        responseId: 'r1',
        stepCount: 3,
        labelings: [
          { labeler: 'a', ratings: [1, -1] },
          { labeler: 'b', ratings: [0, -1] },
          { labeler: 'c', ratings: [1, 1, 1] },
        ],
      },
      // Two labelers, both "none": 1 of 1.
      {
        responseId: 'r2',
        stepCount: 2,
        labelings: [
          { labeler: 'a', ratings: [1, 0] },
          { labeler: 'b', ratings: [1, 0] },
        ],
      },
      // One labeler: no pair, not a unit.
      { responseId: 'r3', stepCount: 2, labelings: [{ labeler: 'a', ratings: [1, -1] }] },
    ];
    const out = computeStepAgreement(responses, { resamples: 200 });
    expect(out.responses).toBe(2);
    expect(out.firstError.pairs).toBe(4);
    expect(out.firstError.estimate).toBeCloseTo(2 / 4, 12);
    expect(out.firstError.low).toBeLessThanOrEqual(out.firstError.estimate);
    expect(out.firstError.high).toBeGreaterThanOrEqual(out.firstError.estimate);
    // Units: r1 steps 0..2 and r2 steps 0..1; coders a, b, c.
    const matrix = [
      [1, -1, null, 1, 0],
      [0, -1, null, 1, 0],
      [1, 1, 1, null, null],
    ];
    expect(out.alpha.estimate).toBeCloseTo(krippendorffAlpha(matrix, 'ordinal'), 12);
    expect(out.pairableSteps).toBe(4);
  });
});
