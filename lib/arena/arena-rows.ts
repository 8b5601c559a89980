import { createHash } from 'node:crypto';
import type { ArenaSide, ArenaVote } from '@/lib/arena/types';
import { votePairs } from '@/lib/arena/vote-pairs';
import type { ChatMessage } from '@/lib/models/schemas';

/**
 * Export rows of arena votes (issue 26), pure: `arena` (Chatbot Arena's battle rows, which
 * lib/import/formats/arena.ts reads back), `pairs-chat` and `rankings` (the shapes lib/export writes
 * for ranked items: lib/export/format-rows.ts; tests/unit/arena-rows.test.ts checks them against it).
 */

export type ArenaRowOptions = {
  /** pairs-chat: tied pairs left out (default) or kept with "tie": true. */
  ties?: 'drop' | 'keep';
  /** Share of battles in the validation split (default 0.1). */
  validationShare?: number;
  /** The split of a vote's rows; default: battleSplit (every turn of a battle on one side). */
  split?: (vote: ArenaVote) => 'train' | 'validation';
  /** The project's flag taxonomy version (rankings rows' taxonomy_version; default 0). */
  taxonomyVersion?: number;
};

const LETTERS = ['a', 'b', 'c', 'd'];
const itemId = (vote: ArenaVote) => `${vote.battleId}-t${vote.turn}`;
const responseId = (vote: ArenaVote, side: number) => `${itemId(vote)}-${LETTERS[side] ?? side}`;
const plain = (messages: ChatMessage[]) => messages.map(({ role, content }) => ({ role, content }));
/** A side's thread before this turn's answer: the conversation so far. */
const history = (side: ArenaSide) =>
  plain(side.conversation.at(-1)?.role === 'assistant' ? side.conversation.slice(0, -1) : side.conversation);

/**
 * The split of a battle: lib/export/split.ts's rule with the "first_turn" key (sha256 of the first
 * user message, its first 32 bits as a fraction below the share → validation), so every turn of one
 * battle lands on the same side and re-exports agree.
 */
export function battleSplit(vote: ArenaVote, validationShare = 0.1): 'train' | 'validation' {
  const first = vote.sides[0]?.conversation.find((m) => m.role === 'user');
  const key = JSON.stringify((first ? [first] : (vote.sides[0]?.conversation ?? [])).map((m) => [m.role, m.content]));
  const fraction = createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
  return fraction < validationShare ? 'validation' : 'train';
}

const splitOf = (vote: ArenaVote, options: ArenaRowOptions) => (options.split ?? ((v) => battleSplit(v, options.validationShare)))(vote);

/**
 * Chatbot Arena battle rows: one per pair of sides the vote states (votePairs: two sides, one row;
 * 3–4 sides, the winner against each other side, or every pair for a tie or all bad; two losers
 * are never compared). model_a is the side shown first of the two; `winner` is model_a / model_b / tie / "tie (bothbad)"; `conversation_a/b` each
 * side's own thread through this turn; `judge` the labeler's pseudonym; `language` null when unknown;
 * `tstamp` Unix seconds. question_id names the battle turn (and the two sides when there are more).
 */
export function arenaRows(votes: ArenaVote[]): Record<string, unknown>[] {
  return votes.flatMap((vote) =>
    votePairs(vote).map((pair) => {
      // Sides keep their shown order: model_a is the side shown first of the two.
      const [a, b] = [Math.min(pair.a, pair.b), Math.max(pair.a, pair.b)];
      const [sideA, sideB] = [vote.sides[a]!, vote.sides[b]!];
      const decided = pair.outcome === 1 ? (pair.a === a ? 'model_a' : 'model_b') : null;
      const winner = decided ?? (vote.winner.kind === 'bothbad' ? 'tie (bothbad)' : 'tie');
      return {
        question_id: vote.sides.length > 2 ? `${itemId(vote)}-${LETTERS[a]}${LETTERS[b]}` : itemId(vote),
        model_a: sideA.model,
        model_b: sideB.model,
        winner,
        judge: vote.judge,
        conversation_a: plain(sideA.conversation),
        conversation_b: plain(sideB.conversation),
        turn: vote.turn,
        anony: vote.anony,
        language: vote.language ?? null,
        tstamp: vote.votedAt.getTime() / 1000,
      };
    }),
  );
}

/**
 * `pairs-chat` rows (lib/export's per-labeler rows): the conversation so far as the prompt, the
 * chosen and rejected answers as one assistant message each, and the metadata columns (tie, weight
 * = 1/pairs of the vote, item_id, chosen_id, rejected_id, labeler, split, votes). Pairs as votePairs
 * states them; a tie vote gives tied pairs only with ties "keep" (chosen/rejected then in shown
 * order); all bad gives none. When the sides have their own threads (Arena style, turn 2 on), the
 * prompt is the chosen side's thread.
 */
export function pairsChatRows(votes: ArenaVote[], options: ArenaRowOptions = {}): Record<string, unknown>[] {
  return votes.flatMap((vote) => {
    if (vote.winner.kind === 'bothbad') return [];
    const pairs = votePairs(vote).filter((p) => p.outcome === 1 || options.ties === 'keep');
    const split = splitOf(vote, options);
    return pairs.map(({ a, b, outcome }) => ({
      prompt: history(vote.sides[a]!),
      chosen: [{ role: 'assistant', content: vote.sides[a]!.answer }],
      rejected: [{ role: 'assistant', content: vote.sides[b]!.answer }],
      tie: outcome !== 1,
      weight: 1 / pairs.length,
      item_id: itemId(vote),
      chosen_id: responseId(vote, a),
      rejected_id: responseId(vote, b),
      labeler: vote.judge,
      split,
      votes: outcome === 1 ? { chosen: 1, rejected: 0, tie: 0 } : { chosen: 0, rejected: 0, tie: 1 },
    }));
  });
}

/**
 * `rankings` rows, one per vote (battle turn): the conversation so far (the first side's thread),
 * the sides' answers as responses with their models, the consensus order and the vote as the one
 * judgment. A win ranks the winner over the rest (with 3–4 sides the rest form one group below,
 * `rest_grouped_below`: the labeler did not order them), a tie puts every side in one group, all bad
 * is an empty ranking with all_unacceptable. Likert, flags and flaws come from the sides when given.
 */
export function rankingsRows(votes: ArenaVote[], options: ArenaRowOptions = {}): Record<string, unknown>[] {
  return votes.map((vote) => {
    const ids = vote.sides.map((_, i) => responseId(vote, i));
    const { winner } = vote;
    const ranking =
      winner.kind === 'side' ? [[ids[winner.index]!], ids.filter((_, i) => i !== winner.index)] : winner.kind === 'tie' ? [ids] : [];
    return {
      item_id: itemId(vote),
      messages: history(vote.sides[0]!),
      responses: vote.sides.map((s, i) => ({ id: ids[i], text: s.answer, model: s.model })),
      // One judgment: its ranking is the consensus (none for all bad, as lib/export's consensusOrder gives).
      consensus: ranking,
      adjudicated: false,
      is_gold: false,
      split: splitOf(vote, options),
      judgments: [
        {
          labeler: vote.judge,
          source: 'labeled',
          ranking,
          all_unacceptable: winner.kind === 'bothbad',
          rest_grouped_below: winner.kind === 'side' && vote.sides.length > 2,
          ratings: vote.sides.map((s, i) => ({
            response_id: ids[i],
            likert: s.likert ?? null,
            flags: s.flags ?? [],
            flaws: (s.flaws ?? []).map((f) => ({
              start: f.start,
              end: f.end,
              category: f.category,
              severity: f.severity,
              comment: f.comment ?? '',
            })),
          })),
          prompt_flags: [],
          shown_order: ids,
          duration_ms: vote.durationMs ?? 0,
          taxonomy_version: options.taxonomyVersion ?? 0,
          created_at: vote.votedAt.toISOString(),
          labeler_groups: null,
          // A chat vote answers no aspects (issue 27's per-aspect rankings are the ranking screen's).
          aspects: null,
        },
      ],
    };
  });
}
