import { describe, expect, it } from 'vitest';
import { decideStudyStatus, minutesLeft, type StudyRules } from '@/lib/study/decide-status';

const rules: StudyRules = { quotaTasks: 5, quotaMinutes: null, timeoutMinutes: 60, screeningGoldCount: 2, screeningMinAccuracy: 0.6 };
const startedAt = new Date('2026-01-01T10:00:00Z');
const at = (minutes: number) => new Date(startedAt.getTime() + minutes * 60_000);
const noGold = { judgments: 0, agree: 0, compared: 0 };
const base = { rules, startedAt, now: at(1), tasksDone: 0, gold: noGold, byParticipant: true };

describe('decideStudyStatus', () => {
  it('keeps a participant under every limit active', () => {
    expect(decideStudyStatus({ ...base, tasksDone: 4 })).toBe('ACTIVE');
  });
  it('completes at the tasks quota, even past the timeout', () => {
    expect(decideStudyStatus({ ...base, tasksDone: 5 })).toBe('COMPLETED');
    expect(decideStudyStatus({ ...base, tasksDone: 5, now: at(90), byParticipant: false })).toBe('COMPLETED');
  });
  it('screens out only after K gold answers below the accuracy, before the quota', () => {
    expect(decideStudyStatus({ ...base, gold: { judgments: 1, agree: 0, compared: 3 } })).toBe('ACTIVE');
    expect(decideStudyStatus({ ...base, tasksDone: 5, gold: { judgments: 2, agree: 3, compared: 6 } })).toBe('SCREENED_OUT');
    expect(decideStudyStatus({ ...base, gold: { judgments: 2, agree: 4, compared: 6 } })).toBe('ACTIVE');
    // Nothing strict to compare (all tied) counts as accuracy 0.
    expect(decideStudyStatus({ ...base, gold: { judgments: 2, agree: 0, compared: 0 } })).toBe('SCREENED_OUT');
  });
  it('times out at the timeout', () => {
    expect(decideStudyStatus({ ...base, now: at(59.9) })).toBe('ACTIVE');
    expect(decideStudyStatus({ ...base, now: at(60) })).toBe('TIMED_OUT');
  });
  it('completes a minutes quota only when the participant comes back before the timeout', () => {
    const minutes = { ...rules, quotaTasks: null, quotaMinutes: 20 };
    expect(decideStudyStatus({ ...base, rules: minutes, now: at(20) })).toBe('COMPLETED');
    expect(decideStudyStatus({ ...base, rules: minutes, now: at(20), byParticipant: false })).toBe('ACTIVE');
    expect(decideStudyStatus({ ...base, rules: minutes, now: at(61) })).toBe('TIMED_OUT');
    expect(minutesLeft({ rules: minutes, startedAt, now: at(5.5) })).toBe(15);
    expect(minutesLeft({ rules, startedAt, now: at(5.5) })).toBeNull();
  });
});
