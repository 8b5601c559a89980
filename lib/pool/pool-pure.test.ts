import { describe, expect, it } from 'vitest';
import { groupDisagreements, responseScores } from '@/lib/pool/group-stats';
import { meetsRequirementSql, routingSql } from '@/lib/pool/routing-sql';
import { profileFromForm, ZLabelerProfile, ZPoolSettings, ZProfileField } from '@/lib/pool/schemas';

describe('profile schemas', () => {
  it('normalise tags and languages, and name the field of a bad value', () => {
    const p = ZLabelerProfile.parse(
      profileFromForm({
        language_0: ' Brazilian  Portuguese ',
        proficiency_0: 'FLUENT',
        language_1: '',
        region: '  ',
        expertise: 'Law, law , ,MEDICINE',
      }),
    );
    expect(p).toEqual({
      languages: [{ language: 'brazilian portuguese', proficiency: 'FLUENT' }],
      region: null,
      expertise: ['law', 'medicine'],
      fields: {},
    });
    const bad = ZLabelerProfile.safeParse(profileFromForm({ language_0: 'x', proficiency_0: 'GURU', region: 'r'.repeat(81) }));
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['languages.0.proficiency', 'region']);
    expect(
      ZProfileField.safeParse({
        projectId: '00000000-0000-4000-8000-000000000000',
        key: 'Team',
        label: 'Team',
        type: 'SELECT',
        options: 'one',
      }).error?.issues[0]?.path,
    ).toEqual(['options']);
    expect(
      ZPoolSettings.safeParse({ projectId: '00000000-0000-4000-8000-000000000000', minGroupSize: '1', speedFloorSeconds: '8' }).error
        ?.issues[0]?.message,
    ).toMatch(/Minimum group size must be at least 2/);
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
    const out = groupDisagreements(rows, [
      { value: 'A', users: new Set(['a1']) },
      { value: 'B', users: new Set(['b1']) },
    ]);
    expect(out).toEqual([{ itemId: 'x', groupA: 'A', groupB: 'B', difference: 1, judgmentsA: 1, judgmentsB: 1 }]);
  });
});
