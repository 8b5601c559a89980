/** The ranking screen's pure state: every response is placed once or not ranked yet; nothing is placed for the labeler; drafts round-trip. */
import { describe, expect, it } from 'vitest';
import {
  draftReducer,
  dropAtPosition,
  dropOnGroup,
  moveDown,
  moveUp,
  placeNext,
  sanitizeDraft,
  submitCheck,
  submittedRanking,
  tieWithAbove,
  tieWithLastPlaced,
  toDraft,
  toSubmit,
  unplace,
  unplaceLast,
  unrankedOf,
  untie,
  type DraftAction,
  type ScreenDraft,
} from '@/components/label/ranking-state';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const D = '00000000-0000-4000-8000-00000000000d';
const E = '00000000-0000-4000-8000-00000000000e';
const FOREIGN = '00000000-0000-4000-8000-0000000000ff';
const IDS = [A, B, C, D, E];
const letter = (id: string) => 'ABCDE'[IDS.indexOf(id)] ?? '?';
const fresh = (ids = IDS) => {
  const { activeMs: _ms, ...state } = sanitizeDraft(null, ids, taxonomy);
  return state;
};
/** Runs actions through the reducer, as the screen does. */
const run = (state: ScreenDraft, ...actions: DraftAction[]) => actions.reduce((s, a) => draftReducer(s, a, IDS), state);
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

  it('drag and drop places an unranked response, and the buttons do the same', () => {
    // Dropping C (not ranked) on the gap before A, on A's group, or pressing its buttons.
    expect(dropAtPosition([[A], [B]], C, 0)).toEqual([[C], [A], [B]]);
    expect(dropAtPosition([[A], [B]], C, 2)).toEqual([[A], [B], [C]]);
    expect(dropAtPosition([], C, 0)).toEqual([[C]]);
    expect(dropOnGroup([[A], [B]], C, 0)).toEqual([[A, C], [B]]);
    expect(placeNext([[A], [B]], C)).toEqual(dropAtPosition([[A], [B]], C, 2));
    expect(tieWithLastPlaced([[A], [B]], C)).toEqual(dropOnGroup([[A], [B]], C, 1));
    // Moves of an unranked response by the placed-only buttons change nothing.
    const ranking = [[A], [B]];
    expect(moveUp(ranking, C)).toBe(ranking);
    expect(tieWithAbove(ranking, C)).toBe(ranking);
  });
});

describe('placing, tying and unplacing', () => {
  it('a fresh task has nothing placed: every response is not ranked yet', () => {
    const state = fresh();
    expect(state.ranking).toEqual([]);
    expect(unrankedOf(state.ranking, IDS)).toEqual(IDS);
    expect(submittedRanking(state, IDS)).toBeNull();
  });

  it('places responses next, ties with the last placed, and never places one twice', () => {
    let ranking = placeNext([], C);
    ranking = placeNext(ranking, B);
    expect(ranking).toEqual([[C], [B]]);
    expect(placeNext(ranking, C)).toBe(ranking);
    ranking = tieWithLastPlaced(ranking, A);
    expect(ranking).toEqual([[C], [B, A]]);
    expect(tieWithLastPlaced([], A)).toEqual([]);
    expect(tieWithLastPlaced(ranking, B)).toBe(ranking);
    expect(unrankedOf(ranking, IDS)).toEqual([D, E]);
  });

  it('unplaces a response (it is not ranked yet again) and takes back the last placed', () => {
    expect(unplace([[C], [B, A]], B)).toEqual([[C], [A]]);
    expect(unplace([[C], [B]], C)).toEqual([[B]]);
    expect(unplace([[C]], D)).toEqual([[C]]);
    expect(unplaceLast([[C], [B, A]])).toEqual({ ranking: [[C], [B]], removed: A });
    expect(unplaceLast([[C]])).toEqual({ ranking: [], removed: C });
    expect(unplaceLast([])).toEqual({ ranking: [], removed: null });
  });
});

describe('keyboard ranking mode', () => {
  it('r starts with nothing placed; letters place; Esc keeps the rest unranked (the walk of issue 17)', () => {
    let state = run(fresh(), { type: 'ranking', ranking: [[A], [B], [C], [D], [E]] }, { type: 'startRankMode' });
    expect(state.ranking).toEqual([]);
    expect(state.rankMode).toEqual({ tiePending: false });
    state = run(state, { type: 'ranking', ranking: placeNext(state.ranking, C) });
    state = run(state, { type: 'ranking', ranking: placeNext(state.ranking, B) });
    state = run(state, { type: 'ranking', ranking: placeNext(state.ranking, A) });
    state = run(state, { type: 'leaveRankMode' });
    expect(state.rankMode).toBeNull();
    expect(state.ranking).toEqual([[C], [B], [A]]);
    expect(unrankedOf(state.ranking, IDS)).toEqual([D, E]);
    // Enter now: nothing can be submitted, and the checklist names D and E.
    expect(submittedRanking(state, IDS)).toBeNull();
    expect(submitCheck(state, IDS, letter).unranked).toEqual(['D', 'E']);
  });

  it('= ties the next letter with the last placed; placing everything ends ranking mode', () => {
    let state = run(fresh([A, B, C]), { type: 'startRankMode' });
    const ids = [A, B, C];
    const step = (s: ScreenDraft, a: DraftAction) => draftReducer(s, a, ids);
    state = step(state, { type: 'tiePending' });
    expect(state.rankMode).toEqual({ tiePending: false }); // nothing placed yet to tie with
    state = step(state, { type: 'ranking', ranking: placeNext(state.ranking, B) });
    state = step(state, { type: 'tiePending' });
    expect(state.rankMode).toEqual({ tiePending: true });
    state = step(state, { type: 'ranking', ranking: tieWithLastPlaced(state.ranking, C) });
    expect(state.rankMode).toEqual({ tiePending: false });
    state = step(state, { type: 'ranking', ranking: placeNext(state.ranking, A) });
    expect(state.ranking).toEqual([[B, C], [A]]);
    expect(state.rankMode).toBeNull();
  });
});

describe('submitting', () => {
  it('"the rest tie below" makes the unranked responses one group at the bottom, recorded as such', () => {
    let state = run(fresh(), { type: 'ranking', ranking: [[C], [B], [A]] });
    state = run(state, { type: 'restGroupedBelow', value: true });
    expect(submittedRanking(state, IDS)).toEqual({ ranking: [[C], [B], [A], [D, E]], restGroupedBelow: true });
    expect(toSubmit(state, IDS, A, 10)).toMatchObject({ ranking: [[C], [B], [A], [D, E]], restGroupedBelow: true, allUnacceptable: false });
    expect(submitCheck(state, IDS, letter).unranked).toEqual([]);
    // Placing the rest by hand leaves nothing to declare.
    state = run(state, { type: 'ranking', ranking: [[C], [B], [A], [E], [D]] });
    expect(state.restGroupedBelow).toBe(false);
    expect(toSubmit(state, IDS, A, 10)).toMatchObject({ ranking: [[C], [B], [A], [E], [D]], restGroupedBelow: false });
    // Not before anything is placed, and not with "all unacceptable".
    expect(run(fresh(), { type: 'restGroupedBelow', value: true }).restGroupedBelow).toBe(false);
    expect(
      run(fresh(), { type: 'ranking', ranking: [[A]] }, { type: 'restGroupedBelow', value: true }, { type: 'allUnacceptable', value: true })
        .restGroupedBelow,
    ).toBe(false);
  });

  it('warns only about what applies: missing scores, contradictions, the shown order; nothing for "all unacceptable"', () => {
    const ids = [A, B, C];
    const three = (s: ScreenDraft, ...actions: DraftAction[]) => actions.reduce((x, a) => draftReducer(x, a, ids), s);
    const start = fresh(ids);
    expect(submitCheck(three(start, { type: 'allUnacceptable', value: true }), ids, letter)).toEqual({ unranked: [], warnings: [] });
    const scored = three(
      start,
      { type: 'likert', id: A, value: 6 },
      { type: 'likert', id: B, value: 4 },
      { type: 'likert', id: C, value: 2 },
    );
    expect(submitCheck(three(scored, { type: 'ranking', ranking: [[A], [C], [B]] }), ids, letter).warnings.map((w) => w.code)).toEqual([
      'likert_contradiction',
    ]);
    expect(submitCheck(three(scored, { type: 'ranking', ranking: [[A], [B], [C]] }), ids, letter).warnings.map((w) => w.code)).toEqual([
      'shown_order',
    ]);
    expect(submitCheck(three(scored, { type: 'ranking', ranking: [[B], [A, C]] }), ids, letter).warnings.map((w) => w.code)).toEqual([
      'likert_contradiction',
    ]);
    expect(submitCheck(three(scored, { type: 'ranking', ranking: [[A], [B, C]] }), ids, letter)).toEqual({ unranked: [], warnings: [] });
    const unscored = submitCheck(three(start, { type: 'ranking', ranking: [[C]] }), ids, letter);
    expect(unscored.unranked).toEqual(['A', 'B']);
    expect(unscored.warnings).toEqual([{ code: 'missing_likert', text: 'No score (1–7) for A, B, C.' }]);
  });
});

describe('drafts', () => {
  it('round-trips the exact state: groups, unranked, ranking mode, "rest tie below", scores, flags, notes', () => {
    const flaw = { start: 0, end: 2, category: 'accuracy' as const, severity: 2, comment: '' };
    const state = run(
      fresh(),
      { type: 'likert', id: A, value: 3 },
      { type: 'flag', id: B, flag: 'hallucination', on: true },
      { type: 'addFlaw', id: C, flaw },
      { type: 'promptFlag', flag: 'ambiguous', on: true },
      { type: 'startRankMode' },
      { type: 'ranking', ranking: [[C], [B]] },
      { type: 'tiePending' },
    );
    const saved = toDraft(state, IDS, 4321);
    expect(saved).toMatchObject({
      ranking: [[C], [B]],
      unranked: [A, D, E],
      rankMode: { tiePending: true },
      restGroupedBelow: false,
      activeMs: 4321,
    });
    const restored = sanitizeDraft(JSON.parse(JSON.stringify(saved)), IDS, taxonomy);
    expect(restored).toEqual({ ...state, activeMs: 4321 });
    const below = run(state, { type: 'leaveRankMode' }, { type: 'restGroupedBelow', value: true });
    expect(sanitizeDraft(toDraft(below, IDS, 0), IDS, taxonomy)).toEqual({ ...below, activeMs: 0 });
  });

  it('drops responses and flags that are not in the task; responses in no group stay unranked', () => {
    const draft = sanitizeDraft(
      {
        ratings: [
          { responseId: A, likert: 5, flags: ['hallucination', 'gone'], flaws: [] },
          { responseId: FOREIGN, likert: 2, flags: [], flaws: [] },
        ],
        ranking: [[FOREIGN], [B, A], [B]],
        unranked: [C],
        promptFlags: ['ambiguous', 'gone'],
        activeMs: 1234,
      },
      [A, B, C],
      taxonomy,
    );
    expect(draft.ratings).toEqual({ [A]: { likert: 5, flags: ['hallucination'], flaws: [] } });
    expect(draft.ranking).toEqual([[B, A]]);
    expect(draft.promptFlags).toEqual(['ambiguous']);
    expect(draft.activeMs).toBe(1234);
    expect(sanitizeDraft(null, [A, B], taxonomy).ranking).toEqual([]);
    expect(sanitizeDraft({ ranking: 'nonsense' }, [A, B], taxonomy).ranking).toEqual([]);
  });

  it('a draft saved before placing was explicit keeps its scores but not its filled-in ranking', () => {
    const old = sanitizeDraft(
      { ratings: [{ responseId: A, likert: 4 }], ranking: [[B], [A], [C]], rankingTouched: true },
      [A, B, C],
      taxonomy,
    );
    expect(old.ranking).toEqual([]);
    expect(old.ratings[A]?.likert).toBe(4);
  });

  it('submits only rated responses, and an empty ranking when all are unacceptable', () => {
    let state = run(fresh([A, B, C]), { type: 'ranking', ranking: [[A], [B], [C]] });
    state = draftReducer(state, { type: 'likert', id: B, value: 3 });
    state = draftReducer(state, { type: 'flag', id: B, flag: 'hallucination', on: false });
    const submit = toSubmit(state, [A, B, C], A, 999.6, ['missing_likert']);
    expect(submit.ratings).toEqual([{ responseId: B, likert: 3, flags: [], flaws: [] }]);
    expect(submit.ranking).toEqual([[A], [B], [C]]);
    expect(submit.durationMs).toBe(1000);
    expect(submit.confirmedWarnings).toEqual(['missing_likert']);
    const none = draftReducer(state, { type: 'allUnacceptable', value: true });
    expect(toSubmit(none, [A, B, C], A, 0)).toMatchObject({ ranking: [], allUnacceptable: true, restGroupedBelow: false });
  });
});
