import { describe, expect, it } from 'vitest';
import { compareWithStepGold, firstErrorLocation, goldStepsCompared, poolStepGold, type StepLabelling } from '@/lib/steps/step-gold';

const steps = ['a', 'b', 'c', 'd', 'e'];
const l = (ratings: number[], finalAnswer: string | null = 'INCORRECT', s = steps): StepLabelling => ({
  steps: s,
  labels: ratings.map((rating) => ({ rating })),
  finalAnswer,
});
// Gold under "until the first error": +1, 0, +1, then the error at step 4; step 5 not asked.
const gold = l([1, 0, 1, -1]);

describe('step gold score', () => {
  it('compares the gold steps up to and including its first error', () => {
    expect(goldStepsCompared(gold, true)).toBe(4);
    expect(goldStepsCompared(l([1, 0, 1, -1, 1]), true)).toBe(4);
    expect(goldStepsCompared(l([1, 0, 1, -1, 1]), false)).toBe(5);
  });

  it('places the first error, "none", or no location for a labelling that stopped without one', () => {
    expect(firstErrorLocation(gold)).toBe(3);
    expect(firstErrorLocation(l([1, 1, 1, 0, 1]))).toBe('none');
    expect(firstErrorLocation(l([1, 1]))).toBeNull();
  });

  it('scores a labelling equal to the gold as all hits', () => {
    expect(compareWithStepGold(gold, l([1, 0, 1, -1]), true)).toEqual({
      stepHits: 4,
      stepCompared: 4,
      firstErrorHit: true,
      finalAnswerHit: true,
    });
  });

  it('counts gold steps after an earlier first error of the labeler as misses', () => {
    // Step 1 as gold; step 2 −1 where gold says 0; steps 3 and 4 not rated: 1 of 4. First error at 2, gold's at 4.
    expect(compareWithStepGold(gold, l([1, -1], 'CORRECT'), true)).toEqual({
      stepHits: 1,
      stepCompared: 4,
      firstErrorHit: false,
      finalAnswerHit: false,
    });
  });

  it('compares every step when the project labels all steps', () => {
    const full = l([1, 0, 1, -1, 1]);
    // Steps 1, 2, 4, 5 as gold (step 3 rated 0 where gold says +1): 4 of 5; first error at step 4 in both.
    expect(compareWithStepGold(full, l([1, 0, 0, -1, 1]), false)).toEqual({
      stepHits: 4,
      stepCompared: 5,
      firstErrorHit: true,
      finalAnswerHit: true,
    });
    // "No error" is a location: gold has an error, the labeler says none.
    expect(compareWithStepGold(full, l([1, 0, 1, 1, 1]), false)?.firstErrorHit).toBe(false);
  });

  it('leaves out a labelling of other steps, and a give-up labelling from the first-error and verdict counts', () => {
    expect(compareWithStepGold(gold, l([1, 0, 1, -1], 'INCORRECT', ['a', 'b', 'c', 'd']), true)).toBeNull();
    expect(compareWithStepGold(gold, l([1, 1], null), true)).toEqual({
      stepHits: 1,
      stepCompared: 4,
      firstErrorHit: null,
      finalAnswerHit: null,
    });
  });

  it('pools steps over items with Wilson intervals', () => {
    const score = poolStepGold([
      { stepHits: 4, stepCompared: 4, firstErrorHit: true, finalAnswerHit: true },
      { stepHits: 1, stepCompared: 2, firstErrorHit: false, finalAnswerHit: null },
    ]);
    expect(score.items).toBe(2);
    expect(score.steps.hits).toBe(5);
    expect(score.steps.compared).toBe(6);
    expect(score.steps.rate).toBeCloseTo(5 / 6, 12);
    // Wilson 95% for 5 of 6: centre (5/6 + z²/12)/(1 + z²/6), half-width (z/(1 + z²/6))·√(5/216 + z²/144).
    expect(score.steps.low).toBeCloseTo(0.436497, 5);
    expect(score.steps.high).toBeCloseTo(0.969947, 5);
    expect(score.firstError).toMatchObject({ hits: 1, compared: 2, rate: 0.5 });
    expect(score.firstError.low).toBeCloseTo(0.094531, 5);
    expect(score.firstError.high).toBeCloseTo(0.905469, 5);
    expect(score.finalAnswer).toMatchObject({ hits: 1, compared: 1, rate: 1, high: 1 });
    expect(score.finalAnswer.low).toBeCloseTo(0.206549, 5);
  });

  it('has no rate with nothing compared', () => {
    const empty = poolStepGold([]);
    expect(empty.items).toBe(0);
    expect(empty.steps.compared).toBe(0);
    expect(Number.isNaN(empty.steps.rate)).toBe(true);
  });
});
