import { ZRankingDraft, type TFlaw, type TRankingDraft, type TSubmitRanking } from '@/lib/judgments/schemas';

// The ranking screen's state and every change to it, as pure functions (tested in
// tests/unit/label-ranking-state.test.ts). Ranking moves never lose or duplicate a response.

export type ResponseRef = { id: string; label: string };
export type RatingState = { likert: number | null; flags: string[]; flaws: TFlaw[] };
export type ScreenDraft = {
  ratings: Record<string, RatingState>;
  /** Tie groups of response ids, best first; always every response exactly once. */
  ranking: string[][];
  rankingTouched: boolean;
  allUnacceptable: boolean;
  promptFlags: string[];
};

export const EMPTY_RATING: RatingState = { likert: null, flags: [], flaws: [] };

/** One response per group, in the order shown. */
export const shownRanking = (ids: string[]): string[][] => ids.map((id) => [id]);

/**
 * A saved draft made safe for this task: responses that are not in it are dropped, repeats
 * removed, and responses the ranking misses appended one per group (so the board always holds
 * every response). Flag keys the taxonomy does not know are dropped too.
 */
export function sanitizeDraft(
  draft: unknown,
  ids: string[],
  taxonomy: { responseFlags: { key: string }[]; promptFlags: { key: string }[] },
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
  const ranking = d.ranking
    .map((group) =>
      group.filter((id) => {
        if (!known.has(id) || seen.has(id)) return false;
        seen.add(id);
        return true;
      }),
    )
    .filter((group) => group.length > 0);
  for (const id of ids) if (!seen.has(id)) ranking.push([id]);
  return {
    ratings,
    ranking,
    rankingTouched: d.rankingTouched,
    allUnacceptable: d.allUnacceptable,
    promptFlags: [...new Set(d.promptFlags.filter((f) => promptFlags.has(f)))],
    activeMs: d.activeMs,
  };
}

const hasContent = (r: RatingState | undefined): r is RatingState => Boolean(r && (r.likert !== null || r.flags.length > 0 || r.flaws.length > 0));

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
    rankingTouched: state.rankingTouched,
    allUnacceptable: state.allUnacceptable,
    promptFlags: state.promptFlags,
    activeMs: Math.round(activeMs),
  };
}

export function toSubmit(state: ScreenDraft, ids: string[], assignmentId: string, activeMs: number): TSubmitRanking {
  return {
    assignmentId,
    ranking: state.allUnacceptable ? [] : state.ranking,
    allUnacceptable: state.allUnacceptable,
    ratings: ratingsList(state, ids),
    promptFlags: state.promptFlags,
    durationMs: Math.min(Math.round(activeMs), 24 * 3_600_000),
  };
}

// ---- Ranking moves (all return a new ranking; unknown ids leave it unchanged) ----

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

/** Drag and drop onto the gap before group `position` (ranking.length = the end): a group of its own there. */
export function dropAtPosition(ranking: string[][], id: string, position: number): string[][] {
  const g = groupOf(ranking, id);
  if (g < 0) return ranking;
  const removedGroup = ranking[g]?.length === 1;
  const rest = ranking.map((group) => group.filter((x) => x !== id)).filter((group) => group.length > 0);
  const at = removedGroup && position > g ? position - 1 : position;
  return [...rest.slice(0, at), [id], ...rest.slice(at)];
}

/** Drag and drop onto group `target`: tied with it. */
export function dropOnGroup(ranking: string[][], id: string, target: number): string[][] {
  const g = groupOf(ranking, id);
  if (g < 0 || g === target || !ranking[target]) return ranking;
  return ranking.map((group, i) => (i === target ? [...group, id] : group.filter((x) => x !== id))).filter((group) => group.length > 0);
}

// ---- Keyboard ranking mode: the first `placed` groups are placed, the rest wait one per group ----

/** Places `id` as the next group (after the placed ones). */
export function placeNext(ranking: string[][], placed: number, id: string): { ranking: string[][]; placed: number } {
  if (groupOf(ranking, id) < placed) return { ranking, placed };
  const waiting = ranking.slice(placed).flat().filter((x) => x !== id);
  return { ranking: [...ranking.slice(0, placed), [id], ...waiting.map((x) => [x])], placed: placed + 1 };
}

/** Ties `id` with the last placed group. */
export function tieWithLastPlaced(ranking: string[][], placed: number, id: string): { ranking: string[][]; placed: number } {
  if (placed === 0 || groupOf(ranking, id) < placed) return { ranking, placed };
  const waiting = ranking.slice(placed).flat().filter((x) => x !== id);
  const head = ranking.slice(0, placed).map((group, i) => (i === placed - 1 ? [...group, id] : group));
  return { ranking: [...head, ...waiting.map((x) => [x])], placed };
}

/** Takes back the response placed last; it waits again in the order shown. */
export function unplaceLast(ranking: string[][], placed: number, shownOrder: string[]): { ranking: string[][]; placed: number; removed: string | null } {
  const last = ranking[placed - 1];
  if (placed === 0 || !last) return { ranking, placed, removed: null };
  const removed = last[last.length - 1] ?? null;
  const head = ranking.slice(0, placed).map((group, i) => (i === placed - 1 ? group.slice(0, -1) : group));
  const newPlaced = head[placed - 1]?.length ? placed : placed - 1;
  const waiting = new Set([...ranking.slice(placed).flat(), ...(removed ? [removed] : [])]);
  return { ranking: [...head.slice(0, newPlaced), ...shownOrder.filter((id) => waiting.has(id)).map((id) => [id])], placed: newPlaced, removed };
}

/** "A, then B tied with C, then D" (letters as shown). */
export function describeRanking(ranking: string[][], labelOf: (id: string) => string): string {
  return ranking.map((group) => group.map(labelOf).join(' tied with ')).join(', then ');
}

// ---- The reducer ----

export type DraftAction =
  | { type: 'likert'; id: string; value: number | null }
  | { type: 'flag'; id: string; flag: string; on: boolean }
  | { type: 'addFlaw'; id: string; flaw: TFlaw }
  | { type: 'removeFlaw'; id: string; index: number }
  | { type: 'ranking'; ranking: string[][] }
  | { type: 'allUnacceptable'; value: boolean }
  | { type: 'promptFlag'; flag: string; on: boolean }
  | { type: 'replace'; state: ScreenDraft };

const toggle = (list: string[], value: string, on: boolean) => (on ? (list.includes(value) ? list : [...list, value]) : list.filter((x) => x !== value));

export function draftReducer(state: ScreenDraft, action: DraftAction): ScreenDraft {
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
    case 'ranking':
      return { ...state, ranking: action.ranking, rankingTouched: true };
    case 'allUnacceptable':
      return { ...state, allUnacceptable: action.value };
    case 'promptFlag':
      return { ...state, promptFlags: toggle(state.promptFlags, action.flag, action.on) };
    case 'replace':
      return action.state;
  }
}
