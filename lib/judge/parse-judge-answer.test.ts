import { describe, expect, it } from 'vitest';
import { buildJudgeMessages } from '@/lib/judge/build-judge-messages';
import { parseCritiqueCheckAnswer, parseDiscriminateAnswer, parseJudgeAnswer } from '@/lib/judge/parse-judge-answer';
import { judgeShownOrder } from '@/lib/judge/shown-order';
import { DEFAULT_JUDGE_TEMPLATE } from '@/lib/judge/templates';

const shownOrder = ['id-x', 'id-y', 'id-z'];
const flagKeys = new Set(['unsafe', 'off_topic']);
const ok = {
  ranking: [['B'], ['A', 'C']],
  ratings: { A: { likert: 3, flags: [] }, B: { likert: 6, flags: ['off_topic'] }, C: { likert: 3, flags: [] } },
  reason: 'B answers the question.',
};
const parse = (answer: unknown) => parseJudgeAnswer(typeof answer === 'string' ? answer : JSON.stringify(answer), { shownOrder, flagKeys });

describe('parseJudgeAnswer (the rules of a human submit)', () => {
  it('turns letters into the shown order’s response ids, ties kept', () => {
    expect(parse(ok)).toEqual({
      ranking: [['id-y'], ['id-x', 'id-z']],
      ratings: [
        { responseId: 'id-x', likert: 3, flags: [] },
        { responseId: 'id-y', likert: 6, flags: ['off_topic'] },
        { responseId: 'id-z', likert: 3, flags: [] },
      ],
      reason: 'B answers the question.',
    });
    // Inside a code fence, with prose around it.
    expect(parse(`Here it is:\n\`\`\`json\n${JSON.stringify(ok)}\n\`\`\``).ranking).toEqual([['id-y'], ['id-x', 'id-z']]);
  });

  it.each([
    ['invalid JSON', '{"ranking": [["A"]', 'The answer is not valid JSON'],
    ['a wrong letter', { ...ok, ranking: [['B'], ['A', 'D']] }, '"D" is not one of the shown letters (A, B, C)'],
    ['a missing response', { ...ok, ranking: [['B'], ['A']] }, 'Every response must be ranked; missing 1'],
    ['a duplicate', { ...ok, ranking: [['B'], ['A', 'C', 'B']] }, 'A response is ranked more than once: B'],
    [
      'Likert out of range',
      { ...ok, ratings: { ...ok.ratings, A: { likert: 8, flags: [] } } },
      'ratings.A.likert: Likert scores run from 1 to 7',
    ],
    ['a missing rating', { ...ok, ratings: { A: ok.ratings.A, B: ok.ratings.B } }, 'Response C has no rating'],
    [
      'an unknown flag',
      { ...ok, ratings: { ...ok.ratings, C: { likert: 2, flags: ['rude'] } } },
      'Response C: "rude" is not a flag of this project',
    ],
  ])('refuses %s', (_, answer, message) => {
    expect(() => parse(answer)).toThrow(message);
  });

  it('discriminator and critique-check answers', () => {
    expect(parseDiscriminateAnswer('{"flawed": "b", "reason": "the date"}')).toEqual({ answer: 'B', reason: 'the date' });
    expect(() => parseDiscriminateAnswer('{"flawed": "C"}')).toThrow('is not A or B');
    expect(parseCritiqueCheckAnswer('{"points_to_flaw": true, "reason": "quotes it"}').pointsToFlaw).toBe(true);
    expect(() => parseCritiqueCheckAnswer('{"points_to_flaw": "yes"}')).toThrow('points_to_flaw');
  });
});

describe('what the judge is shown', () => {
  it('a seeded order, the same for the same job and item, reversed for the second question', () => {
    const ids = ['r1', 'r2', 'r3', 'r4'];
    const a = judgeShownOrder({ jobId: 'j', itemId: 'i', responseIds: ids, reversed: false });
    expect(judgeShownOrder({ jobId: 'j', itemId: 'i', responseIds: [...ids].reverse(), reversed: false })).toEqual(a);
    expect(judgeShownOrder({ jobId: 'j', itemId: 'i', responseIds: ids, reversed: true })).toEqual([...a].reverse());
    expect([...a].sort()).toEqual(ids);
  });

  it('texts under letters, no model and no id; flags listed by key', () => {
    const [message] = buildJudgeMessages({
      template: DEFAULT_JUDGE_TEMPLATE,
      conversation: [{ role: 'user', content: 'Why is the sky blue?' }],
      texts: ['Rayleigh scattering.', 'Because.'],
      flags: [{ key: 'unsafe', label: 'Unsafe', description: '' }],
    });
    expect(message!.content).toContain('User: Why is the sky blue?');
    expect(message!.content).toContain('[A]\nRayleigh scattering.\n\n[B]\nBecause.');
    expect(message!.content).toContain('- unsafe: Unsafe');
    expect(message!.content).toContain('every letter (A, B) exactly once');
  });
});
