import { describe, expect, it } from 'vitest';
import { burstAlarms, positionPattern, speedAlarms, speedFloorMs, type AbuseJudgment } from '@/lib/dashboard/abuse-alarms';
import { groupDisagreements, responseScores } from '@/lib/pool/group-stats';
import { meetsRequirementSql, routingSql } from '@/lib/pool/routing-sql';
import { profileFromForm, ZLabelerProfile, ZPoolSettings, ZProfileField } from '@/lib/pool/schemas';

const judgment = (o: Partial<AbuseJudgment> & { id: string }): AbuseJudgment => ({
  itemId: `item-${o.id}`,
  userId: 'u',
  ranking: [['a'], ['b'], ['c']],
  durationMs: 20_000,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, Number(o.id))),
  shownOrder: ['a', 'b', 'c'],
  likert: null,
  chars: 100,
  ...o,
});

describe('profile schemas', () => {
  it('normalise tags and languages, and name the field of a bad value', () => {
    const p = ZLabelerProfile.parse(profileFromForm({ language_0: ' Brazilian  Portuguese ', proficiency_0: 'FLUENT', language_1: '', region: '  ', expertise: 'Law, law , ,MEDICINE' }));
    expect(p).toEqual({ languages: [{ language: 'brazilian portuguese', proficiency: 'FLUENT' }], region: null, expertise: ['law', 'medicine'], fields: {} });
    const bad = ZLabelerProfile.safeParse(profileFromForm({ language_0: 'x', proficiency_0: 'GURU', region: 'r'.repeat(81) }));
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['languages.0.proficiency', 'region']);
    expect(ZProfileField.safeParse({ projectId: '00000000-0000-4000-8000-000000000000', key: 'Team', label: 'Team', type: 'SELECT', options: 'one' }).error?.issues[0]?.path).toEqual(['options']);
    expect(ZPoolSettings.safeParse({ projectId: '00000000-0000-4000-8000-000000000000', minGroupSize: '1', speedFloorSeconds: '8' }).error?.issues[0]?.message).toMatch(/Minimum group size must be at least 2/);
  });
});

describe('routing SQL', () => {
  it('checks both the item and the project requirement for the given user expression', () => {
    const sql = routingSql({ item: 'i', user: '$3', project: '$1' });
    expect(sql).toContain('i."requiredLanguage" IS NULL');
    expect(sql).toContain('pool_ps."projectId" = $1');
    expect(meetsRequirementSql('x', 'm."userId"')).toContain('pool_ll."userId" = m."userId"');
  });
});

describe('group statistics', () => {
  it('score responses by the share of others beaten, ties half', () => {
    expect(Object.fromEntries(responseScores([['a'], ['b', 'c'], ['d']]))).toEqual({ a: 1, b: 0.5, c: 0.5, d: 0 });
  });
  it('find the item where two groups disagree most', () => {
    const j = (itemId: string, userId: string, ranking: string[][]) => ({ itemId, userId, ranking, looAgree: 0, looCompared: 0 });
    const rows = [j('x', 'a1', [['p'], ['q']]), j('x', 'b1', [['q'], ['p']]), j('y', 'a1', [['p'], ['q']]), j('y', 'b1', [['p'], ['q']])];
    const out = groupDisagreements(rows, [{ value: 'A', users: new Set(['a1']) }, { value: 'B', users: new Set(['b1']) }]);
    expect(out).toEqual([{ itemId: 'x', groupA: 'A', groupB: 'B', difference: 1, judgmentsA: 1, judgmentsB: 1 }]);
  });
});

describe('abuse alarms (pure)', () => {
  it('pattern by shown position, with arrangements of the tie structure', () => {
    expect(positionPattern(judgment({ id: '1', shownOrder: ['c', 'a', 'b'], ranking: [['a'], ['b', 'c']] }))).toEqual({ pattern: '2 > 1 = 3', arrangements: 3 });
    expect(positionPattern(judgment({ id: '1', ranking: [] }))).toBeNull();
  });
  it('a run of identical submissions of two responses needs to be long to be improbable', () => {
    const two = (n: number) => Array.from({ length: n }, (_, i) => judgment({ id: String(i + 1), shownOrder: ['a', 'b'], ranking: [['a'], ['b']] }));
    // 2 arrangements: a run of 8 among 8 has chance 2^-7 · 8 ≈ 0.06, no alarm; a run of 12 has 2^-11 · 12 ≈ 0.006.
    expect(burstAlarms(two(8))).toEqual([]);
    expect(burstAlarms(two(12))[0]!.runs[0]!.length).toBe(12);
  });
  it('speed: the floor is the seconds floor or 5 ms a character; fewer than 10 rankings never alarm', () => {
    expect(speedFloorMs(8, 100)).toBe(8_000);
    expect(speedFloorMs(8, 4_000)).toBe(20_000);
    const fast = (n: number) => Array.from({ length: n }, (_, i) => judgment({ id: String(i + 1), durationMs: 1_000 }));
    expect(speedAlarms(fast(9), 8)).toEqual([]);
    expect(speedAlarms(fast(10), 8)[0]).toMatchObject({ below: 10, judgments: 10, medianMs: 1_000 });
    expect(speedAlarms(fast(10).map((j) => ({ ...j, shownOrder: null })), 8)).toEqual([]);
  });
});
