import { describe, expect, it } from 'vitest';
import { checkAspectAnswers } from '@/lib/judgments/check-aspect-answers';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const on = {
  enabled: true,
  list: [
    { name: 'tone', description: 'Right tone?' },
    { name: 'honesty', description: 'Truthful?' },
  ],
};
const same = (aspect: string) => ({ aspect, sameAsOverall: true, ranking: null });

describe('checkAspectAnswers', () => {
  it('gives the rows to store in the settings order, with the description at the submit', () => {
    const result = checkAspectAnswers({
      answers: [{ aspect: 'honesty', sameAsOverall: false, ranking: [[B, A]] }, same('tone')],
      settings: on,
      shownOrder: [A, B],
      allUnacceptable: false,
    });
    expect(result).toEqual({
      ok: true,
      rows: [
        { aspect: 'tone', description: 'Right tone?', sameAsOverall: true, ranking: null },
        { aspect: 'honesty', description: 'Truthful?', sameAsOverall: false, ranking: [[B, A]] },
      ],
    });
  });

  it('refuses, naming it: an aspect twice, a foreign response in an own ranking, aspects with "all unacceptable" or with aspects off', () => {
    const problem = (o: Partial<Parameters<typeof checkAspectAnswers>[0]>) => {
      const r = checkAspectAnswers({ answers: [], settings: on, shownOrder: [A, B], allUnacceptable: false, ...o });
      return r.ok ? null : r.problem;
    };
    expect(problem({ answers: [same('tone'), same('tone'), same('honesty')] })).toBe('Aspect "tone" is answered twice');
    expect(problem({ answers: [same('tone'), { aspect: 'honesty', sameAsOverall: false, ranking: [[A], [B], ['x']] }] })).toBe(
      'Aspect "honesty": The ranking names responses that are not in this task: x',
    );
    expect(problem({ answers: [same('tone')], allUnacceptable: true })).toContain('With "all unacceptable"');
    expect(problem({ answers: [], allUnacceptable: true })).toBeNull();
    expect(problem({ answers: [same('tone')], settings: { ...on, enabled: false } })).toBe(
      'This project does not collect aspects: leave "aspects" out',
    );
    expect(problem({ answers: undefined, settings: { ...on, enabled: false } })).toBeNull();
  });
});
