import { describe, expect, it } from 'vitest';
import { aspectProblems, nextOpenAspect, sanitizeAspects, SAME_AS_OVERALL } from '@/components/label/aspect-state';
import { draftReducer, sanitizeDraft, toDraft, toSubmit, type ScreenDraft } from '@/components/label/ranking-state';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const IDS = [A, B, C];
const NAMES = ['helpfulness', 'harmlessness', 'honesty'];
const labelOf = (id: string) => ({ [A]: 'A', [B]: 'B', [C]: 'C' })[id] ?? '?';
const NO_TAXONOMY = { responseFlags: [], promptFlags: [] };

describe('the aspect step state', () => {
  it('nothing is answered by default: every aspect is listed as open, and the submit names none as answered', () => {
    const state = sanitizeDraft(null, IDS, NO_TAXONOMY, NAMES);

    expect(state.aspects).toEqual({});
    expect(aspectProblems(state.aspects ?? {}, NAMES, IDS, labelOf)).toEqual([
      'Aspect not answered yet: helpfulness, harmlessness, honesty. Press y (same as overall) or o (own ranking), or use its buttons.',
    ]);
    expect(toSubmit({ ...state, ranking: [[A], [B], [C]] }, IDS, A, 0, [], NAMES).aspects).toEqual([]);
  });

  it('two "same as overall" and one own ranking: submitted in the project order; an incomplete own ranking is named', () => {
    let state: ScreenDraft = { ...sanitizeDraft(null, IDS, NO_TAXONOMY, NAMES), ranking: [[A], [B], [C]] };
    state = draftReducer(state, { type: 'aspect', aspect: 'honesty', answer: { sameAsOverall: false, ranking: [[C]] } });
    state = draftReducer(state, { type: 'aspect', aspect: 'helpfulness', answer: SAME_AS_OVERALL });
    state = draftReducer(state, { type: 'aspect', aspect: 'harmlessness', answer: SAME_AS_OVERALL });

    expect(nextOpenAspect(state.aspects ?? {}, NAMES, IDS)).toBe('honesty');
    expect(aspectProblems(state.aspects ?? {}, NAMES, IDS, labelOf)).toEqual(['Aspect honesty: not ranked yet: A, B.']);

    state = draftReducer(state, { type: 'aspect', aspect: 'honesty', answer: { sameAsOverall: false, ranking: [[C], [A, B]] } });
    expect(aspectProblems(state.aspects ?? {}, NAMES, IDS, labelOf)).toEqual([]);
    expect(toSubmit(state, IDS, A, 0, [], NAMES).aspects).toEqual([
      { aspect: 'helpfulness', sameAsOverall: true, ranking: null },
      { aspect: 'harmlessness', sameAsOverall: true, ranking: null },
      { aspect: 'honesty', sameAsOverall: false, ranking: [[C], [A, B]] },
    ]);
    // The draft keeps the answers; restored, they are the same.
    expect(sanitizeDraft(toDraft(state, IDS, 5), IDS, NO_TAXONOMY, NAMES).aspects).toEqual(state.aspects);
  });

  it('a restored draft keeps only the project\u2019s aspects and this task\u2019s responses; without aspects nothing changes', () => {
    const restored = sanitizeAspects(
      [
        {
          aspect: 'honesty',
          sameAsOverall: false,
          ranking: [
            [C, 'x'],
            [C, B],
          ],
        },
        { aspect: 'verbosity', sameAsOverall: true, ranking: null },
      ],
      NAMES,
      IDS,
    );

    expect(restored).toEqual({ honesty: { sameAsOverall: false, ranking: [[C], [B]] } });
    expect('aspects' in sanitizeDraft(null, IDS, NO_TAXONOMY)).toBe(false);
    expect('aspects' in toSubmit(sanitizeDraft(null, IDS, NO_TAXONOMY), IDS, A, 0)).toBe(false);
  });
});
