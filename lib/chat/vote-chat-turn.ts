import { voteBlocker } from '@/lib/chat/chat-rules';
import { loadConversation, ruleTurns } from '@/lib/chat/load-conversation';
import type { TVoteChatTurn } from '@/lib/chat/schemas';
import { assertChatOpen } from '@/lib/chat/start-chat-turn';
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';

const invalid = (field: string, message: string) => new AppError('INVALID_INPUT', message, { [field]: [message] });

/**
 * The labeler's vote on one turn, in one transaction under the assignment's lock: allowed once every
 * side has an answer (finished or stopped); the winner names a side of the battle; notes (Likert,
 * flags of the project's taxonomy, flaw spans inside the answer) per side. The turn is the
 * idempotency key: a repeat returns the stored vote. A late vote follows the engine's rules: a
 * lapsed task still takes it (chat holds no slot another labeler could have taken), a released,
 * skipped or finished one refuses it.
 */
export async function voteChatTurn(o: { userId: string; projectId: string; input: TVoteChatTurn }): Promise<{ duplicate: boolean }> {
  const { input } = o;
  return withTransaction(async (client) => {
    const loaded = await loadConversation(
      { assignmentId: input.assignmentId, userId: o.userId, projectId: o.projectId },
      { client, lock: true },
    );
    const turn = loaded?.turns.find((t) => t.turn === input.turn);
    if (turn?.vote) return { duplicate: true };
    assertChatOpen(loaded, { lapsedOk: true });
    if (!turn) throw invalid('turn', 'No such turn');
    const rules = ruleTurns(loaded)[turn.turn - 1];
    const blocker = rules ? voteBlocker(rules) : 'No such turn';
    if (blocker) throw invalid('winner', blocker);
    const sides = loaded.sides.length;
    if (input.winner.kind === 'side' && input.winner.index >= sides)
      throw invalid('winner', 'The vote names an answer this battle does not have');
    if (input.ratings.length !== 0 && input.ratings.length !== sides)
      throw invalid('ratings', `Notes are given for all ${sides} answers or none`);
    const taxonomy = await getTaxonomy({ projectId: o.projectId, version: loaded.assignment.settings.taxonomyVersion });
    const known = new Set(taxonomy.responseFlags.map((f) => f.key));
    input.ratings.forEach((rating, i) => {
      const unknown = rating.flags.find((f) => !known.has(f));
      if (unknown) throw invalid('ratings', `Unknown flag “${unknown}”`);
      const length = turn.samples[i]?.text.length ?? 0;
      if (rating.flaws.some((f) => f.end > length))
        throw invalid('ratings', `A flaw span ends past the end of answer ${String.fromCharCode(65 + i)}`);
    });
    const sampleIds = turn.samples.map((s) => s?.id ?? '');
    await client.query(
      `INSERT INTO chat_votes ("turnId", "conversationId", "userId", winner, "winnerPosition", "sampleIds", ratings, "durationMs")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        turn.id,
        loaded.conversation.id,
        o.userId,
        input.winner.kind,
        input.winner.kind === 'side' ? input.winner.index : null,
        sampleIds,
        JSON.stringify(input.ratings),
        input.durationMs,
      ],
    );
    await client.query(
      `UPDATE assignments SET "leaseExpiresAt" = now() + make_interval(mins => $2::int) WHERE id = $1 AND status = 'ACTIVE'`,
      [loaded.assignment.id, loaded.assignment.settings.leaseMinutes],
    );
    return { duplicate: false };
  });
}
