/** The ranking screen's pure state: moves keep every response exactly once; drafts are sanitized. */
import { describe, expect, it } from 'vitest';
import {
  draftReducer,
  dropAtPosition,
  dropOnGroup,
  moveDown,
  moveUp,
  placeNext,
  sanitizeDraft,
  tieWithAbove,
  tieWithLastPlaced,
  toSubmit,
  unplaceLast,
  untie,
} from '@/components/label/ranking-state';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const FOREIGN = '00000000-0000-4000-8000-0000000000ff';
const taxonomy = { responseFlags: [{ key: 'hallucination' }], promptFlags: [{ key: 'ambiguous' }] };

describe('ranking moves', () => {
  it('moves a single response past its neighbour and splits a tied one off', () => {
    expect(moveUp([[A], [B], [C]], B)).toEqual([[B], [A], [C]]);
    expect(moveUp([[A], [B], [C]], A)).toEqual([[A], [B], [C]]);
    expect(moveDown([[A], [B], [C]], A)).toEqual([[B], [A], [C]]);
    expect(moveDown([[A], [B], [C]], C)).toEqual([[A], [B], [C]]);
    expect(moveUp([[A, B], [C]], B)).toEqual([[B], [A], [C]]);
    expect(moveDown([[A, B], [C]], A)).toEqual([[B], [A], [C]]);
    expect(moveUp([[A], [B, C]], A)).toEqual([[A], [B, C]]);
    expect(moveDown([[A], [B, C]], A)).toEqual([[B, C], [A]]);
  });

  it('ties with the group above and unties below', () => {
    expect(tieWithAbove([[A], [B], [C]], C)).toEqual([[A], [B, C]]);
    expect(tieWithAbove([[A], [B], [C]], A)).toEqual([[A], [B], [C]]);
    expect(tieWithAbove([[A], [B, C]], C)).toEqual([[A, C], [B]]);
    expect(untie([[A, C], [B]], A)).toEqual([[C], [A], [B]]);
    expect(untie([[A], [B]], A)).toEqual([[A], [B]]);
  });

  it('drops onto gaps and groups', () => {
    expect(dropAtPosition([[A], [B], [C]], C, 0)).toEqual([[C], [A], [B]]);
    expect(dropAtPosition([[A], [B], [C]], A, 3)).toEqual([[B], [C], [A]]);
    expect(dropAtPosition([[A], [B], [C]], A, 1)).toEqual([[A], [B], [C]]);
    expect(dropAtPosition([[A, B], [C]], B, 2)).toEqual([[A], [C], [B]]);
    expect(dropOnGroup([[A], [B], [C]], C, 0)).toEqual([[A, C], [B]]);
    expect(dropOnGroup([[A], [B], [C]], A, 2)).toEqual([[B], [C, A]]);
    expect(dropOnGroup([[A], [B]], A, 0)).toEqual([[A], [B]]);
  });
});

describe('keyboard ranking mode', () => {
  it('places, ties and takes back, unplaced responses waiting in the shown order', () => {
    let state = placeNext([[A], [B], [C]], 0, C);
    expect(state).toEqual({ ranking: [[C], [A], [B]], placed: 1 });
    expect(placeNext(state.ranking, state.placed, C).ranking).toBe(state.ranking);
    state = tieWithLastPlaced(state.ranking, state.placed, B);
    expect(state).toEqual({ ranking: [[C, B], [A]], placed: 1 });
    const back = unplaceLast(state.ranking, state.placed, [A, B, C]);
    expect(back).toEqual({ ranking: [[C], [A], [B]], placed: 1, removed: B });
    expect(unplaceLast(back.ranking, back.placed, [A, B, C])).toEqual({ ranking: [[A], [B], [C]], placed: 0, removed: C });
    expect(unplaceLast([[A], [B], [C]], 0, [A, B, C]).removed).toBeNull();
  });
});

describe('drafts', () => {
  it('drops responses and flags that are not in the task and completes the ranking', () => {
    const draft = sanitizeDraft(
      {
        ratings: [
          { responseId: A, likert: 5, flags: ['hallucination', 'gone'], flaws: [] },
          { responseId: FOREIGN, likert: 2, flags: [], flaws: [] },
        ],
        ranking: [[FOREIGN], [B, A], [B]],
        promptFlags: ['ambiguous', 'gone'],
        activeMs: 1234,
      },
      [A, B, C],
      taxonomy,
    );
    expect(draft.ratings).toEqual({ [A]: { likert: 5, flags: ['hallucination'], flaws: [] } });
    expect(draft.ranking).toEqual([[B, A], [C]]);
    expect(draft.promptFlags).toEqual(['ambiguous']);
    expect(draft.activeMs).toBe(1234);
    expect(sanitizeDraft(null, [A, B], taxonomy).ranking).toEqual([[A], [B]]);
    expect(sanitizeDraft({ ranking: 'nonsense' }, [A, B], taxonomy).ranking).toEqual([[A], [B]]);
  });

  it('submits only rated responses, and an empty ranking when all are unacceptable', () => {
    let state = sanitizeDraft(null, [A, B, C], taxonomy);
    state = { ...state, ...draftReducer(state, { type: 'likert', id: B, value: 3 }) };
    state = { ...state, ...draftReducer(state, { type: 'flag', id: B, flag: 'hallucination', on: false }) };
    const submit = toSubmit(state, [A, B, C], A, 999.6);
    expect(submit.ratings).toEqual([{ responseId: B, likert: 3, flags: [], flaws: [] }]);
    expect(submit.ranking).toEqual([[A], [B], [C]]);
    expect(submit.durationMs).toBe(1000);
    const none = draftReducer(state, { type: 'allUnacceptable', value: true });
    expect(toSubmit(none, [A, B, C], A, 0)).toMatchObject({ ranking: [], allUnacceptable: true });
  });
});
