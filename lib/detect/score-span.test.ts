import { describe, expect, it } from 'vitest';
import { NEAR_CHARS, scoreTrial, scoringSpan, spanGap, spanOverlap } from '@/lib/detect/score-span';

const planted = { start: 100, end: 120 };
const flawed = (highlight: { start: number; end: number } | null, saysFlawed = true) =>
  scoreTrial({ variant: 'FLAWED', saysFlawed, highlight, planted, textLength: 500, minOverlap: 0.3 });

describe('span overlap', () => {
  it('is the share of the planted span the highlight covers', () => {
    expect(spanOverlap({ start: 100, end: 120 }, planted)).toBe(1);
    expect(spanOverlap({ start: 0, end: 500 }, planted)).toBe(1);
    expect(spanOverlap({ start: 110, end: 200 }, planted)).toBe(0.5);
    expect(spanOverlap({ start: 95, end: 105 }, planted)).toBe(0.25);
    expect(spanOverlap({ start: 120, end: 130 }, planted)).toBe(0);
    expect(spanOverlap({ start: 10, end: 20 }, planted)).toBe(0);
    expect(spanOverlap({ start: 10, end: 20 }, { start: 5, end: 5 })).toBe(0);
  });

  it('measures the gap between spans that do not meet', () => {
    expect(spanGap({ start: 0, end: 90 }, planted)).toBe(10);
    expect(spanGap({ start: 130, end: 140 }, planted)).toBe(10);
    expect(spanGap({ start: 120, end: 140 }, planted)).toBe(0);
    expect(spanGap({ start: 105, end: 106 }, planted)).toBe(0);
  });

  it('reads a pure deletion as the characters on both sides of the cut', () => {
    expect(scoringSpan({ start: 50, end: 50 }, 500)).toEqual({ start: 49, end: 51 });
    expect(scoringSpan({ start: 0, end: 0 }, 500)).toEqual({ start: 0, end: 1 });
    expect(scoringSpan({ start: 500, end: 500 }, 500)).toEqual({ start: 499, end: 500 });
    expect(scoringSpan(planted, 500)).toBe(planted);
  });
});

describe('scoring a trial', () => {
  it('counts a highlight covering at least the minimum share as the intended flaw found', () => {
    expect(flawed({ start: 100, end: 120 })).toEqual({ spanOverlap: 1, foundIntended: true });
    expect(flawed({ start: 114, end: 400 })).toEqual({ spanOverlap: 0.3, foundIntended: true });
  });

  it('sends a partial or near miss to the review queue (null), a far one is not found', () => {
    expect(flawed({ start: 115, end: 400 })).toEqual({ spanOverlap: 0.25, foundIntended: null });
    expect(flawed({ start: 120 + NEAR_CHARS, end: 200 })).toEqual({ spanOverlap: 0, foundIntended: null });
    expect(flawed({ start: 121 + NEAR_CHARS, end: 200 })).toEqual({ spanOverlap: 0, foundIntended: false });
    expect(flawed({ start: 0, end: 100 - NEAR_CHARS - 1 })).toEqual({ spanOverlap: 0, foundIntended: false });
  });

  it('counts "no flaw" on a flawed text as not found, and scores nothing on an original', () => {
    expect(flawed(null, false)).toEqual({ spanOverlap: null, foundIntended: false });
    expect(
      scoreTrial({ variant: 'ORIGINAL', saysFlawed: true, highlight: { start: 1, end: 5 }, planted, textLength: 500, minOverlap: 0.3 }),
    ).toEqual({ spanOverlap: null, foundIntended: null });
    expect(scoreTrial({ variant: 'ORIGINAL', saysFlawed: false, highlight: null, planted, textLength: 500, minOverlap: 0.3 })).toEqual({
      spanOverlap: null,
      foundIntended: null,
    });
  });

  it('honours the configured minimum overlap', () => {
    const score = (minOverlap: number) =>
      scoreTrial({ variant: 'FLAWED', saysFlawed: true, highlight: { start: 110, end: 130 }, planted, textLength: 500, minOverlap });
    expect(score(0.5).foundIntended).toBe(true);
    expect(score(0.51).foundIntended).toBe(null);
  });
});
