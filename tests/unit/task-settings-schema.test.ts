import { describe, expect, it } from 'vitest';
import { MIX_KINDS, ZProjectTaskSettings, ZSetMemberKinds } from '@/lib/projects/schemas';

const form = {
  rankWeight: '1',
  demonstrateWeight: '0',
  perturbWeight: '2',
  detectWeight: '3',
  minLength: '1',
  maxLength: '100',
  overlap: '1',
  perturbOverlap: '2',
  perturbSourceMinLikert: '5.5',
  detectTrialsPerSource: '8',
  detectMinSpanOverlapPercent: '30',
};
const errorsOf = (value: unknown) => {
  const parsed = ZProjectTaskSettings.safeParse(value);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('task settings form schema', () => {
  it('reads all four weights, the perturb source rule (empty = marked only) and the detect settings', () => {
    expect(ZProjectTaskSettings.parse(form)).toMatchObject({
      perturbWeight: 2,
      detectWeight: 3,
      perturbOverlap: 2,
      perturbSourceMinLikert: 5.5,
      detectTrialsPerSource: 8,
      detectMinSpanOverlapPercent: 30,
    });
    expect(ZProjectTaskSettings.parse({ ...form, perturbSourceMinLikert: '' }).perturbSourceMinLikert).toBeNull();
  });

  it('names the field and the reason for each bad value', () => {
    expect(errorsOf({ ...form, detectTrialsPerSource: '6' })).toEqual({
      detectTrialsPerSource: 'A multiple of 4 (one trial per cell per round)',
    });
    expect(
      errorsOf({
        ...form,
        detectTrialsPerSource: '0',
        detectMinSpanOverlapPercent: '150',
        perturbOverlap: '0',
        perturbSourceMinLikert: '9',
      }),
    ).toEqual({
      detectTrialsPerSource: 'At least 4',
      detectMinSpanOverlapPercent: '100 % at most',
      perturbOverlap: 'At least 1',
      perturbSourceMinLikert: 'From 1 to 7, or empty',
    });
    expect(errorsOf({ ...form, rankWeight: '0', perturbWeight: '0', detectWeight: '0' })).toEqual({
      rankWeight: 'Enable at least one task kind',
    });
    expect(errorsOf({ ...form, perturbWeight: '-1' })).toEqual({ perturbWeight: 'A weight is 0 or more' });
  });

  it('lets a lead limit a member to any of the four kinds', () => {
    expect(MIX_KINDS).toEqual(['RANK', 'DEMONSTRATE', 'PERTURB', 'DETECT', 'CHAT']);
    expect(
      ZSetMemberKinds.parse({ userId: '00000000-0000-4000-8000-000000000000', kinds: ['PERTURB', 'DETECT', 'PERTURB'] }).kinds,
    ).toEqual(['PERTURB', 'DETECT']);
  });
});
