import { aspectAnswerList, sanitizeAspects, type AspectAnswers, type AspectState } from '@/components/label/aspect-state';
import { likertContradictions, rankingWarnings } from '@/lib/judgments/ranking-warnings';
import { ZRankingDraft, type TFlaw, type TRankingDraft, type TRankingWarning, type TSubmitRanking } from '@/lib/judgments/schemas';

// The ranking screen's state and every change to it, as pure functions (tested in
// tests/unit/label-ranking-state.test.ts). Every response is either placed (in exactly one tie
// group) or not ranked yet; nothing ever places a response the labeler did not place (issue 17).
// Drag and drop, the buttons and the keyboard all go through the same functions.

export type ResponseRef = { id: string; label: string };
export type RatingState = { likert: number | null; flags: string[]; flaws: TFlaw[] };
export type RankMode = { tiePending: boolean };
export type ScreenDraft = {
  ratings: Record<string, RatingState>;
  /** The placed responses as tie groups, best first. Responses in no group are not ranked yet. */
  ranking: string[][];
  /** "The rest tie below": at submit, the unranked responses become one tie group at the bottom. */
  restGroupedBelow: boolean;
  /** Keyboard ranking mode (letters place the next response), or null. */
  rankMode: RankMode | null;
  allUnacceptable: boolean;
  promptFlags: string[];
  /** Per aspect (issue 27, projects that collect aspects): the answer so far; an aspect without one is not answered. */
  aspects?: AspectAnswers;
};

export const EMPTY_RATING: RatingState = { likert: null, flags: [], flaws: [] };

/** The responses not placed in `ranking`, in the order shown. */
export const unrankedOf = (ranking: string[][], ids: string[]): string[] => {
  const placed = new Set(ranking.flat());
  return ids.filter((id) => !placed.has(id));
};

/**
 * A saved draft made safe for this task: responses that are not in it are dropped, repeats
 * removed; responses in no group stay unranked. Flag keys the taxonomy does not know are dropped
 * too. A draft saved before placing was explicit (no `unranked` list) keeps its scores, flags
 * and notes but not its ranking: that ranking had the unplaced responses filled in shown order.
 */
export function sanitizeDraft(
  draft: unknown,
  ids: string[],
  taxonomy: { responseFlags: { key: string }[]; promptFlags: { key: string }[] },
  aspectNames: string[] = [],
): ScreenDraft & { activeMs: number } {
  const parsed = ZRankingDraft.safeParse(draft ?? {});
  const d: TRankingDraft = parsed.success ? parsed.data : ZRankingDraft.parse({});
  const known = new Set(ids);
  const responseFlags = new Set(taxonomy.responseFlags.map((f) => f.key));
  const promptFlags = new Set(taxonomy.promptFlags.map((f) => f.key));
  const ratings: Record<string, RatingState> = {};
  for (const r of d.ratings) {
    if (!known.has(r.responseId) || ratings[r.responseId]) continue;
    ratings[r.responseId] = { likert: r.likert, flags: [...new Set(r.flags.filter((f) => responseFlags.has(f)))], flaws: r.flaws };
  }
  const seen = new Set<string>();
  const trusted = d.unranked !== undefined;
  const ranking = (trusted ? d.ranking : [])
    .map((group) =>
      group.filter((id) => {
        if (!known.has(id) || seen.has(id)) return false;
        seen.add(id);
        return true;
      }),
    )
    .filter((group) => group.length > 0);
  const allPlaced = seen.size === ids.length;
  return {
    ratings,
    ranking,
    restGroupedBelow: trusted && d.restGroupedBelow && !allPlaced && ranking.length > 0 && !d.allUnacceptable,
    rankMode:
      trusted && d.rankMode && !allPlaced && !d.allUnacceptable ? { tiePending: d.rankMode.tiePending && ranking.length > 0 } : null,
    allUnacceptable: d.allUnacceptable,
    promptFlags: [...new Set(d.promptFlags.filter((f) => promptFlags.has(f)))],
    ...(aspectNames.length > 0 ? { aspects: sanitizeAspects(d.aspects, aspectNames, ids) } : {}),
    activeMs: d.activeMs,
  };
}

const hasContent = (r: RatingState | undefined): r is RatingState =>
  Boolean(r && (r.likert !== null || r.flags.length > 0 || r.flaws.length > 0));

/** Ratings in the order shown, only for responses the labeler rated, flagged or annotated. */
export function ratingsList(state: ScreenDraft, ids: string[]) {
  return ids.flatMap((id) => {
    const r = state.ratings[id];
    return hasContent(r) ? [{ responseId: id, likert: r.likert, flags: r.flags, flaws: r.flaws }] : [];
  });
}

export function toDraft(state: ScreenDraft, ids: string[], activeMs: number): TRankingDraft {
  return {
    ratings: ratingsList(state, ids),
    ranking: state.ranking,
    unranked: unrankedOf(state.ranking, ids),
    restGroupedBelow: state.restGroupedBelow,
    rankMode: state.rankMode,
    allUnacceptable: state.allUnacceptable,
    promptFlags: state.promptFlags,
    ...(state.aspects ? { aspects: aspectAnswerList(state.aspects, Object.keys(state.aspects)) } : {}),
    activeMs: Math.round(activeMs),
  };
}

/**
 * The ranking that would be submitted: the placed groups, plus (with "the rest tie below") the
 * unranked responses as one group at the bottom; null while some response is neither.
 */
export function submittedRanking(state: ScreenDraft, ids: string[]): { ranking: string[][]; restGroupedBelow: boolean } | null {
  if (state.allUnacceptable) return { ranking: [], restGroupedBelow: false };
  const rest = unrankedOf(state.ranking, ids);
  if (rest.length === 0) return { ranking: state.ranking, restGroupedBelow: false };
  if (!state.restGroupedBelow || state.ranking.length === 0) return null;
  return { ranking: [...state.ranking, rest], restGroupedBelow: true };
}

export type SubmitCheck = {
  /** Letters that keep the task from being submitted: neither placed nor covered by "the rest tie below". */
  unranked: string[];
  /** Confirmable warnings that apply now, each with its text (the key a confirmation is tied to). */
  warnings: { code: TRankingWarning; text: string }[];
};

const MAX_LISTED_CONTRADICTIONS = 4;

/** The sentences of the checklist and of describeRanking, in the labeler's language (issue 31); English by default. */
export type RankingWords = {
  /** Joins response letters: ", " in English, "، " in Arabic, "、" in Japanese. */
  listSeparator: string;
  missingLikert: (letters: string) => string;
  contradiction: (v: { better: string; worse: string; betterScore: number; worseScore: number }) => string;
  moreContradictions: (count: number) => string;
  shownOrder: string;
  /** "A tied with B", "A, then B". */
  tiedWith: string;
  then: string;
};

export const ENGLISH_RANKING_WORDS: RankingWords = {
  listSeparator: ', ',
  missingLikert: (letters) => `No score (1–7) for ${letters}.`,
  contradiction: (v) => `${v.better} is ranked above ${v.worse} but has a lower score (${v.betterScore} < ${v.worseScore}).`,
  moreContradictions: (count) => `…and ${count} more pairs where the ranking and the scores disagree.`,
  shownOrder: 'The ranking is exactly the order the responses were shown in.',
  tiedWith: ' tied with ',
  then: ', then ',
};

/** What the checklist says when the labeler tries to submit (issue 17 item 2, issue 18 item 3). */
export function submitCheck(
  state: ScreenDraft,
  ids: string[],
  labelOf: (id: string) => string,
  words: RankingWords = ENGLISH_RANKING_WORDS,
): SubmitCheck {
  if (state.allUnacceptable) return { unranked: [], warnings: [] };
  const full = submittedRanking(state, ids);
  const unranked = full ? [] : unrankedOf(state.ranking, ids).map(labelOf);
  const likert = Object.fromEntries(ids.map((id) => [id, state.ratings[id]?.likert ?? null]));
  const codes = rankingWarnings({ ranking: full?.ranking ?? state.ranking, allUnacceptable: false, likert, shownOrder: ids });
  const warnings: SubmitCheck['warnings'] = [];
  if (codes.includes('missing_likert')) {
    const missing = ids.filter((id) => likert[id] === null).map(labelOf);
    warnings.push({ code: 'missing_likert', text: words.missingLikert(missing.join(words.listSeparator)) });
  }
  if (codes.includes('likert_contradiction')) {
    const ranking = full?.ranking ?? state.ranking;
    const pairs = likertContradictions(ranking, likert);
    const lines = pairs.slice(0, MAX_LISTED_CONTRADICTIONS).map(([better, worse]) =>
      words.contradiction({
        better: labelOf(better),
        worse: labelOf(worse),
        betterScore: likert[better] ?? 0,
        worseScore: likert[worse] ?? 0,
      }),
    );
    if (pairs.length > MAX_LISTED_CONTRADICTIONS) lines.push(words.moreContradictions(pairs.length - MAX_LISTED_CONTRADICTIONS));
    warnings.push({ code: 'likert_contradiction', text: lines.join(' ') });
  }
  if (codes.includes('shown_order')) warnings.push({ code: 'shown_order', text: words.shownOrder });
  return { unranked, warnings };
}

export function toSubmit(
  state: ScreenDraft,
  ids: string[],
  assignmentId: string,
  activeMs: number,
  confirmedWarnings: TRankingWarning[] = [],
  aspectNames: string[] = [],
): TSubmitRanking {
  const full = submittedRanking(state, ids) ?? { ranking: state.ranking, restGroupedBelow: false };
  return {
    assignmentId,
    ranking: full.ranking,
    allUnacceptable: state.allUnacceptable,
    restGroupedBelow: full.restGroupedBelow,
    ratings: ratingsList(state, ids),
    promptFlags: state.promptFlags,
    durationMs: Math.min(Math.round(activeMs), 24 * 3_600_000),
    confirmedWarnings,
    // Aspects (issue 27): the answers in the project's order; none with "all unacceptable" (nothing to rank).
    ...(aspectNames.length > 0 && !state.allUnacceptable ? { aspects: aspectAnswerList(state.aspects ?? {}, aspectNames) } : {}),
  };
}

// ---- Ranking moves (all return a new ranking; an unknown or unplaced id leaves it unchanged,
// except where a move places an unranked response) ----

const groupOf = (ranking: string[][], id: string) => ranking.findIndex((g) => g.includes(id));

/** The ranking without `id`, empty groups dropped; also where its group was and whether it was tied. */
function without(ranking: string[][], id: string) {
  const g = groupOf(ranking, id);
  const tied = (ranking[g]?.length ?? 0) > 1;
  const rest = ranking.map((group) => group.filter((x) => x !== id));
  return { g, tied, rest: tied ? rest : rest.filter((group) => group.length > 0) };
}

/** Tied: splits off above its group. Alone: swaps with the group above. */
export function moveUp(ranking: string[][], id: string): string[][] {
  const { g, tied, rest } = without(ranking, id);
  if (g < 0 || (!tied && g === 0)) return ranking;
  const at = tied ? g : g - 1;
  return [...rest.slice(0, at), [id], ...rest.slice(at)];
}

/** Tied: splits off below its group. Alone: swaps with the group below. */
export function moveDown(ranking: string[][], id: string): string[][] {
  const { g, tied, rest } = without(ranking, id);
  if (g < 0 || (!tied && g === ranking.length - 1)) return ranking;
  // Alone, its group is gone from `rest`, so g + 1 is below the group that was below it.
  return [...rest.slice(0, g + 1), [id], ...rest.slice(g + 1)];
}

/** Joins the group above its own group. */
export function tieWithAbove(ranking: string[][], id: string): string[][] {
  const g = groupOf(ranking, id);
  if (g <= 0) return ranking;
  const out = ranking.map((group, i) => (i === g - 1 ? [...group, id] : group.filter((x) => x !== id)));
  return out.filter((group) => group.length > 0);
}

/** Leaves its tie group, placed right below it. */
export function untie(ranking: string[][], id: string): string[][] {
  const g = groupOf(ranking, id);
  if (g < 0 || (ranking[g]?.length ?? 0) < 2) return ranking;
  return moveDown(ranking, id);
}

/** Takes `id` out of the ranking: it is not ranked yet again. */
export function unplace(ranking: string[][], id: string): string[][] {
  if (groupOf(ranking, id) < 0) return ranking;
  return ranking.map((group) => group.filter((x) => x !== id)).filter((group) => group.length > 0);
}

/** Drag and drop onto the gap before group `position` (ranking.length = the end): a group of its own there. Places an unranked response. */
export function dropAtPosition(ranking: string[][], id: string, position: number): string[][] {
  const g = groupOf(ranking, id);
  const removedGroup = g >= 0 && ranking[g]?.length === 1;
  const rest = ranking.map((group) => group.filter((x) => x !== id)).filter((group) => group.length > 0);
  const at = Math.max(0, Math.min(removedGroup && position > g ? position - 1 : position, rest.length));
  return [...rest.slice(0, at), [id], ...rest.slice(at)];
}

/** Drag and drop onto group `target`: tied with it. Places an unranked response. */
export function dropOnGroup(ranking: string[][], id: string, target: number): string[][] {
  const g = groupOf(ranking, id);
  if (g === target || !ranking[target]) return ranking;
  return ranking
    .map((group, i) => (i === target ? [...group.filter((x) => x !== id), id] : group.filter((x) => x !== id)))
    .filter((group) => group.length > 0);
}

/** Places an unranked `id` as the next group, below every placed one (keyboard mode, "place next" button). */
export function placeNext(ranking: string[][], id: string): string[][] {
  if (groupOf(ranking, id) >= 0) return ranking;
  return [...ranking, [id]];
}

/** Ties an unranked `id` with the last placed group. */
export function tieWithLastPlaced(ranking: string[][], id: string): string[][] {
  if (ranking.length === 0 || groupOf(ranking, id) >= 0) return ranking;
  return ranking.map((group, i) => (i === ranking.length - 1 ? [...group, id] : group));
}

/** Takes back the response placed last (the last one of the last group): it is unranked again. */
export function unplaceLast(ranking: string[][]): { ranking: string[][]; removed: string | null } {
  const last = ranking[ranking.length - 1];
  const removed = last?.[last.length - 1];
  if (!removed) return { ranking, removed: null };
  return { ranking: unplace(ranking, removed), removed };
}

/** "A, then B tied with C, then D" (letters as shown). */
export function describeRanking(
  ranking: string[][],
  labelOf: (id: string) => string,
  words: Pick<RankingWords, 'tiedWith' | 'then'> = ENGLISH_RANKING_WORDS,
): string {
  return ranking.map((group) => group.map(labelOf).join(words.tiedWith)).join(words.then);
}

// ---- The reducer ----

export type DraftAction =
  | { type: 'likert'; id: string; value: number | null }
  | { type: 'flag'; id: string; flag: string; on: boolean }
  | { type: 'addFlaw'; id: string; flaw: TFlaw }
  | { type: 'removeFlaw'; id: string; index: number }
  /** A new ranking from any input (drag, buttons, keys); the rank mode stays as it is. */
  | { type: 'ranking'; ranking: string[][] }
  /** `r`: keyboard ranking from the start: nothing placed, letters place best first. */
  | { type: 'startRankMode' }
  | { type: 'tiePending' }
  /** Esc: ranking mode ends; what is placed stays placed, the rest stays unranked. */
  | { type: 'leaveRankMode' }
  | { type: 'restGroupedBelow'; value: boolean }
  | { type: 'allUnacceptable'; value: boolean }
  | { type: 'promptFlag'; flag: string; on: boolean }
  /** An aspect's answer (issue 27): "same as overall", an own ranking, or null (not answered again). */
  | { type: 'aspect'; aspect: string; answer: AspectState | null }
  | { type: 'replace'; state: ScreenDraft };

const toggle = (list: string[], value: string, on: boolean) =>
  on ? (list.includes(value) ? list : [...list, value]) : list.filter((x) => x !== value);

/** The state machine of the screen. `ids` are the task's responses in the order shown. */
export function draftReducer(state: ScreenDraft, action: DraftAction, ids?: string[]): ScreenDraft {
  const rating = (id: string) => state.ratings[id] ?? EMPTY_RATING;
  const withRating = (id: string, r: RatingState) => ({ ...state, ratings: { ...state.ratings, [id]: r } });
  switch (action.type) {
    case 'likert':
      return withRating(action.id, { ...rating(action.id), likert: action.value });
    case 'flag':
      return withRating(action.id, { ...rating(action.id), flags: toggle(rating(action.id).flags, action.flag, action.on) });
    case 'addFlaw':
      return withRating(action.id, { ...rating(action.id), flaws: [...rating(action.id).flaws, action.flaw] });
    case 'removeFlaw':
      return withRating(action.id, { ...rating(action.id), flaws: rating(action.id).flaws.filter((_, i) => i !== action.index) });
    case 'ranking': {
      const allPlaced = ids ? unrankedOf(action.ranking, ids).length === 0 : false;
      return {
        ...state,
        ranking: action.ranking,
        // Nothing left to declare once everything is placed; ranking mode has nothing left to place.
        restGroupedBelow: state.restGroupedBelow && !allPlaced && action.ranking.length > 0,
        rankMode: allPlaced ? null : state.rankMode && { tiePending: false },
      };
    }
    case 'startRankMode':
      return state.allUnacceptable ? state : { ...state, ranking: [], restGroupedBelow: false, rankMode: { tiePending: false } };
    case 'tiePending':
      return state.rankMode && state.ranking.length > 0 ? { ...state, rankMode: { tiePending: true } } : state;
    case 'leaveRankMode':
      return { ...state, rankMode: null };
    case 'restGroupedBelow':
      return {
        ...state,
        restGroupedBelow: action.value && !state.allUnacceptable && state.ranking.length > 0,
        rankMode: action.value ? null : state.rankMode,
      };
    case 'allUnacceptable':
      return { ...state, allUnacceptable: action.value, rankMode: null, restGroupedBelow: action.value ? false : state.restGroupedBelow };
    case 'promptFlag':
      return { ...state, promptFlags: toggle(state.promptFlags, action.flag, action.on) };
    case 'aspect': {
      const aspects = { ...state.aspects };
      if (action.answer) aspects[action.aspect] = action.answer;
      else delete aspects[action.aspect];
      return { ...state, aspects };
    }
    case 'replace':
      return action.state;
  }
}
