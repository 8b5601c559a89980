/**
 * The contract between the chat task (lib/chat: conversations, streaming, votes, storage) and the
 * arena analysis (lib/arena: pair selection, leaderboard, export rows), issue 26. lib/arena is pure:
 * it never reads the database; lib/chat loads votes into these shapes and calls it.
 */
import type { TFlaw } from '@/lib/judgments/schemas';
import type { ChatMessage } from '@/lib/models/schemas';

/** A model that can take part in battles: a model connection of the project (its name is the model's public name). */
export type ArenaModel = { connectionId: string; name: string; weight?: number };

/** One side's reply in a turn, with what style control needs. */
export type ArenaSide = {
  connectionId: string;
  /** The model's name as the leaderboard and exports show it (the connection's name). */
  model: string;
  /** The side's own thread up to and including this turn's answer (Arena style), or the shared history plus this answer. */
  conversation: ChatMessage[];
  /** This turn's answer text. */
  answer: string;
  /** Optional per-response labels given with the vote (as on the ranking screen); written in `rankings` rows. Added by the arena helper. */
  likert?: number | null;
  flags?: string[];
  flaws?: TFlaw[];
};

/** The labeler's verdict on one turn: the index of the best side (0 = A), a tie, or all bad. */
export type ArenaWinner = { kind: 'side'; index: number } | { kind: 'tie' } | { kind: 'bothbad' };

/** One vote on one turn of one battle, as lib/chat stores it. */
export type ArenaVote = {
  /** The battle (conversation) id. */
  battleId: string;
  /** 1-based turn number. */
  turn: number;
  /** The sides in shown order (A, B, …), 2–4. */
  sides: ArenaSide[];
  winner: ArenaWinner;
  /** The labeler's export pseudonym (lib/export/labeler-pseudonym.ts), never their id. */
  judge: string;
  /** Model identities were hidden from the labeler at vote time (always true in this app). */
  anony: boolean;
  votedAt: Date;
  /** The prompt's language when known (the `arena` rows' `language`); added by the arena helper. */
  language?: string | null;
  /** Time from the last side finishing to the vote (the `rankings` rows' duration_ms; 0 when not given); added by the arena helper. */
  durationMs?: number;
};

/** A pair-selection rule (project setting chat.pairSelection). */
export type PairSelectionRule = 'uniform' | 'weighted' | 'active';
