import { describe, expect, it } from 'vitest';
import { changedSpan, sameWords, type ChangedSpan } from '@/lib/perturb/changed-span';

/** The texts of both spans, to read the expectations at a glance. */
function cut(original: string, flawed: string, span: ChangedSpan | null) {
  if (!span) return null;
  return { original: original.slice(span.originalStart, span.originalEnd), flawed: flawed.slice(span.flawedStart, span.flawedEnd) };
}

describe('changedSpan', () => {
  it('is null for equal texts', () => {
    expect(changedSpan('', '')).toBeNull();
    expect(changedSpan('The same text.', 'The same text.')).toBeNull();
  });

  it('covers one replaced word in both texts', () => {
    const a = 'Water boils at 100 degrees at sea level.';
    const b = 'Water boils at 90 degrees at sea level.';
    expect(changedSpan(a, b)).toEqual({ originalStart: 15, originalEnd: 18, flawedStart: 15, flawedEnd: 17 });
    expect(cut(a, b, changedSpan(a, b))).toEqual({ original: '100', flawed: '90' });
  });

  it('gives an empty original span for an insertion only', () => {
    const a = 'Take one tablet daily.';
    const b = 'Take one tablet twice daily.';
    const span = changedSpan(a, b);
    expect(span).toEqual({ originalStart: 16, originalEnd: 16, flawedStart: 16, flawedEnd: 22 });
    expect(cut(a, b, span)).toEqual({ original: '', flawed: 'twice ' });
  });

  it('gives an empty flawed span for a deletion only', () => {
    const a = 'Do not mix bleach and ammonia.';
    const b = 'Do mix bleach and ammonia.';
    const span = changedSpan(a, b);
    expect(span?.flawedStart).toBe(span?.flawedEnd);
    expect(cut(a, b, span)).toEqual({ original: 'not ', flawed: '' });
  });

  it('handles a change at the very start and at the very end', () => {
    expect(changedSpan('Yes, it is safe.', 'No, it is safe.')).toEqual({ originalStart: 0, originalEnd: 3, flawedStart: 0, flawedEnd: 2 });
    const a = 'The answer is 42';
    const b = 'The answer is 24';
    expect(changedSpan(a, b)).toEqual({ originalStart: 14, originalEnd: 16, flawedStart: 14, flawedEnd: 16 });
    expect(changedSpan('', 'Added.')).toEqual({ originalStart: 0, originalEnd: 0, flawedStart: 0, flawedEnd: 6 });
    expect(changedSpan('Removed.', '')).toEqual({ originalStart: 0, originalEnd: 8, flawedStart: 0, flawedEnd: 0 });
  });

  it('covers several separate edits with one span from the first to the last', () => {
    const a = 'Paris is the capital of France and has two million people.';
    const b = 'Lyon is the capital of France and has three million people.';
    expect(cut(a, b, changedSpan(a, b))).toEqual({
      original: 'Paris is the capital of France and has two',
      flawed: 'Lyon is the capital of France and has three',
    });
  });

  it('counts offsets in string indices with emoji, accents and CJK text', () => {
    const a = 'Café 😀 costs 5 €; 東京 is far.';
    const b = 'Café 😀 costs 7 €; 東京 is far.';
    const span = changedSpan(a, b);
    expect(cut(a, b, span)).toEqual({ original: '5', flawed: '7' });
    expect(span?.originalStart).toBe(a.indexOf('5'));
    const c = '東京は日本の首都です。';
    const d = '京都は日本の首都です。';
    expect(cut(c, d, changedSpan(c, d))).toEqual({ original: '東京は日本の首都です', flawed: '京都は日本の首都です' });
  });

  it('rebuilds the flawed text from the original and the two spans', () => {
    const a = 'Line one.\nLine two has a fact.\nLine three.';
    const b = 'Line one.\nLine two has a wrong fact.\nLine 3.';
    const span = changedSpan(a, b);
    if (!span) throw new Error('expected a span');
    expect(a.slice(0, span.originalStart) + b.slice(span.flawedStart, span.flawedEnd) + a.slice(span.originalEnd)).toBe(b);
  });
});

describe('sameWords', () => {
  it('ignores whitespace only', () => {
    expect(sameWords('A  b\nc ', 'A b c')).toBe(true);
    expect(sameWords('A b c', 'A b d')).toBe(false);
    expect(sameWords('', '   ')).toBe(true);
  });
});
