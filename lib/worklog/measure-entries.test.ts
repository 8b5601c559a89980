import { describe, expect, it } from 'vitest';
import { csvLine } from '@/lib/csv';
import { localDateIn, weekStartOf } from '@/lib/worklog/local-period';
import { measureEntries, type WorkEntry } from '@/lib/worklog/measure-entries';

const at = (iso: string) => new Date(`2026-03-02T${iso}Z`);
const entry = (taskId: string, end: string, seconds: number, extra: Partial<WorkEntry> = {}): WorkEntry => ({
  taskId,
  userId: 'u',
  projectId: 'p',
  kind: 'RANK',
  endedAt: at(end),
  recordedMs: seconds * 1000,
  words: null,
  ...extra,
});

describe('measureEntries (the active-time rule)', () => {
  it('caps a task left open, clips overlap with the previous task, and starts sessions after 30 idle minutes', () => {
    const out = measureEntries(
      [
        entry('c', '10:00:00', 3600),
        entry('a', '09:00:00', 50),
        entry('b', '09:00:30', 60),
        entry('d', '10:29:00', 60),
        entry('e', '11:00:00', 60),
      ],
      new Map(),
    );
    expect(out.map((e) => [e.taskId, e.activeMs / 1000, e.excludedMs / 1000, e.sessionStart])).toEqual([
      ['a', 50, 0, true],
      ['b', 30, 30, false], // 30 s since a's end
      ['c', 1200, 2400, true], // rank cap 20 min; 59 min - 20 min = 39 min idle before it
      ['d', 60, 0, false], // 28 min idle: same session
      ['e', 60, 0, true], // 30 min idle: a new session
    ]);
  });

  it('keeps each labeler’s clock apart, and flags reading faster than 800 words a minute or slower than the threshold', () => {
    const out = measureEntries(
      [
        entry('x', '09:00:00', 10, { words: 200 }), // 1200 wpm
        entry('y', '09:00:05', 30, { userId: 'v', words: 200 }), // 400 wpm, another labeler: not clipped
        entry('z', '09:30:00', 500),
      ],
      new Map([['p:RANK', 400_000]]),
    );
    expect(out.map((e) => [e.taskId, e.activeMs / 1000, e.fast, e.slow, e.wordsPerMinute])).toEqual([
      ['x', 10, true, false, 1200],
      ['z', 500, false, true, null],
      ['y', 30, false, false, 400],
    ]);
  });
});

describe('local periods and CSV cells', () => {
  it('dates an instant in its zone and weeks from Monday', () => {
    expect(localDateIn('America/New_York')(new Date('2026-01-06T04:30:00Z'))).toBe('2026-01-05');
    expect(localDateIn('Asia/Tokyo')(new Date('2026-01-04T16:00:00Z'))).toBe('2026-01-05');
    expect([weekStartOf('2026-01-04'), weekStartOf('2026-01-05'), weekStartOf('2026-01-11')]).toEqual([
      '2025-12-29',
      '2026-01-05',
      '2026-01-05',
    ]);
  });

  it('quotes and neutralises formulas', () => {
    expect(csvLine(['=1+1', '+x', '-2', '@a', 'a,b', 'say "hi"', 3, null, 'plain'])).toBe(
      `'=1+1,'+x,'-2,'@a,"a,b","say ""hi""",3,,plain\r\n`,
    );
  });
});
