import type { ChatMessage } from '@/lib/models/schemas';
import type { TChatWinner } from '@/lib/chat/schemas';

/** A sample's status (ChatSampleStatus). */
export type SampleStatus = 'STREAMING' | 'DONE' | 'ERROR' | 'STOPPED' | 'INTERRUPTED';

/** A turn as the rules see it: the prompt, each side's current answer (by position) and the vote. */
export type RuleTurn = { prompt: string; answers: { text: string; status: SampleStatus }[]; winner: TChatWinner | null };

/** A side has an answer to vote on once it finished or the labeler stopped it; an error or an interruption has none until retried. */
export const isVotable = (status: SampleStatus): boolean => status === 'DONE' || status === 'STOPPED';

/** Why the turn cannot be voted on yet (a sentence for the labeler), or null when it can. */
export function voteBlocker(turn: RuleTurn): string | null {
  const letters = turn.answers.map((a, i) => (isVotable(a.status) ? null : String.fromCharCode(65 + i))).filter((x) => x !== null);
  if (letters.length === 0) return null;
  return `Answer${letters.length > 1 ? 's' : ''} ${letters.join(', ')} ${letters.length > 1 ? 'have' : 'has'} not finished: wait, stop or retry ${letters.length > 1 ? 'them' : 'it'} before you vote.`;
}

/** The side whose answer becomes the shared history in shared mode: the winner, or A on a tie; none when all were bad. */
export function sharedAnswerIndex(winner: TChatWinner): number | null {
  if (winner.kind === 'side') return winner.index;
  if (winner.kind === 'tie') return 0;
  return null;
}

/**
 * Why the labeler cannot send another prompt (a sentence), or null: the previous turn must be voted,
 * the turn limit not reached, the prompt within its length; in shared mode a turn voted all bad
 * has no answer to continue from.
 */
export function nextTurnBlocker(o: {
  turns: RuleTurn[];
  prompt: string;
  maxTurns: number;
  maxPromptChars: number;
  continuation: 'separate' | 'shared';
}): string | null {
  const last = o.turns.at(-1);
  if (last && !last.winner) return 'Vote on this turn before you continue the conversation.';
  if (o.turns.length >= o.maxTurns) return `This conversation has reached its limit of ${o.maxTurns} turns: finish it.`;
  if (last?.winner && o.continuation === 'shared' && sharedAnswerIndex(last.winner) === null)
    return 'Every answer was bad, so there is no answer to continue from: finish this conversation.';
  if (o.prompt.trim() === '') return 'Write a prompt first.';
  if (o.prompt.length > o.maxPromptChars) return `A prompt is at most ${o.maxPromptChars} characters (this one has ${o.prompt.length}).`;
  return null;
}

/**
 * What side `position` is sent for the next prompt: the base messages (a seed item's context), then
 * each earlier turn's prompt and — separate mode — that side's own answer, or — shared mode — the
 * preferred answer of the turn; then the new prompt.
 */
export function buildSideHistory(o: {
  base: ChatMessage[];
  turns: RuleTurn[];
  position: number;
  continuation: 'separate' | 'shared';
  prompt: string;
}): ChatMessage[] {
  const messages: ChatMessage[] = [...o.base];
  for (const turn of o.turns) {
    messages.push({ role: 'user', content: turn.prompt });
    const index = o.continuation === 'shared' && turn.winner ? sharedAnswerIndex(turn.winner) : o.position;
    messages.push({ role: 'assistant', content: turn.answers[index ?? o.position]?.text ?? '' });
  }
  messages.push({ role: 'user', content: o.prompt });
  return messages;
}
