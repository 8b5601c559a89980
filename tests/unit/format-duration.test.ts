import { describe, expect, it } from 'vitest';
import { formatDuration } from '@/components/my-work/format-duration';

describe('formatDuration', () => {
  it('says durations the way people do', () => {
    expect(formatDuration(83_000)).toBe('1 min 23 s');
    expect(formatDuration(83_400)).toBe('1 min 23 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(59_600)).toBe('1 min');
    expect(formatDuration(400)).toBe('0.4 s');
    expect(formatDuration(960)).toBe('1 s');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000 + 20_000)).toBe('2 h 5 min');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(Number.NaN)).toBe('0 s');
  });
});
