import type { ArenaSide, ArenaVote, ArenaWinner } from '@/lib/arena/types';
import { buildSideHistory, type RuleTurn } from '@/lib/chat/chat-rules';
import type { ClientBase } from 'pg';
import { z } from 'zod';
import { ZChatSideRating } from '@/lib/chat/schemas';
import { getPgPool } from '@/lib/db';
import { labelerPseudonym } from '@/lib/security/labeler-pseudonym';
import type { ChatMessage } from '@/lib/models/schemas';

type Row = {
  conversationId: string;
  itemId: string;
  userId: string;
  continuation: 'separate' | 'shared';
  promptSource: 'seed' | 'own';
  messages: unknown;
  turn: number;
  prompt: string;
  winner: string;
  winnerPosition: number | null;
  texts: string[];
  connectionIds: string[];
  names: string[];
  votedAt: Date;
  ratings: unknown;
  durationMs: number | null;
};

function toWinner(row: Row): ArenaWinner {
  if (row.winner === 'side') return { kind: 'side', index: row.winnerPosition ?? 0 };
  return row.winner === 'tie' ? { kind: 'tie' } : { kind: 'bothbad' };
}

/**
 * Every vote of the project's chat battles as the arena analysis reads them (lib/arena/types.ts),
 * in battle and turn order: conversations flagged "do not use" or skipped and labelers a lead
 * excluded are left out; a conversation left unfinished keeps the votes it has (each one was cast). Each side's conversation is its own thread up to this turn's answer (or the shared history,
 * in shared mode); the judge is the labeler's export pseudonym.
 */
export async function findArenaVotes(options: { projectId: string }): Promise<ArenaVote[]> {
  return (await loadVotes(options)).map((v) => v.vote);
}

/** The arena votes of the given items' battles (a seed item may hold several), by item: what an item-by-item export attaches. */
export async function findArenaVotesByItem(options: {
  projectId: string;
  itemIds: string[];
  /** An export's transaction, so the votes come from its snapshot. */
  client?: ClientBase;
}): Promise<Map<string, ArenaVote[]>> {
  const byItem = new Map<string, ArenaVote[]>();
  for (const { itemId, vote } of await loadVotes(options)) byItem.set(itemId, [...(byItem.get(itemId) ?? []), vote]);
  return byItem;
}

async function loadVotes(options: {
  projectId: string;
  itemIds?: string[];
  client?: ClientBase;
}): Promise<{ itemId: string; vote: ArenaVote }[]> {
  const { rows } = await (options.client ?? getPgPool()).query<Row>(
    `SELECT c.id AS "conversationId", c."itemId", c."userId", c.continuation, c."promptSource", i.messages, t.turn, t.prompt, v.winner, v."winnerPosition",
            ARRAY(SELECT s.text FROM unnest(v."sampleIds") WITH ORDINALITY u(id, n) JOIN chat_samples s ON s.id = u.id::uuid ORDER BY u.n) AS texts,
            ARRAY(SELECT d."connectionId"::text FROM chat_sides d WHERE d."conversationId" = c.id ORDER BY d.position) AS "connectionIds",
            ARRAY(SELECT m.name FROM chat_sides d JOIN model_connections m ON m.id = d."connectionId" WHERE d."conversationId" = c.id ORDER BY d.position) AS names,
            v."createdAt" AS "votedAt", v.ratings, v."durationMs"
     FROM chat_votes v JOIN chat_turns t ON t.id = v."turnId" JOIN chat_conversations c ON c.id = t."conversationId" JOIN items i ON i.id = c."itemId"
       JOIN assignments a ON a.id = c."assignmentId"
     WHERE c."projectId" = $1 AND NOT c."doNotUse" AND a.status <> 'SKIPPED' AND ($2::uuid[] IS NULL OR c."itemId" = ANY($2::uuid[]))
       AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m."projectId" = c."projectId" AND m."userId" = c."userId" AND m.excluded)
     ORDER BY c."createdAt", c.id, t.turn`,
    [options.projectId, options.itemIds ?? null],
  );
  const votes: { itemId: string; vote: ArenaVote }[] = [];
  let earlier: RuleTurn[] = [];
  let current = '';
  for (const row of rows) {
    if (row.conversationId !== current) {
      current = row.conversationId;
      earlier = [];
    }
    const list = Array.isArray(row.messages) ? (row.messages as ChatMessage[]) : [];
    const base = row.promptSource === 'seed' && list.at(-1)?.role === 'user' ? list.slice(0, -1) : [];
    const winner = toWinner(row);
    const parsedRatings = z.array(ZChatSideRating).safeParse(row.ratings);
    const ratings = parsedRatings.success ? parsedRatings.data : [];
    const sides: ArenaSide[] = row.connectionIds.map((connectionId, position) => {
      const answer = row.texts[position] ?? '';
      const asked = buildSideHistory({ base, turns: earlier, position, continuation: row.continuation, prompt: row.prompt });
      return {
        connectionId,
        model: row.names[position] ?? connectionId,
        conversation: [...asked, { role: 'assistant', content: answer }],
        answer,
        ...(ratings[position] ? { likert: ratings[position].likert, flags: ratings[position].flags, flaws: ratings[position].flaws } : {}),
      };
    });
    votes.push({
      itemId: row.itemId,
      vote: {
        battleId: row.conversationId,
        turn: row.turn,
        sides,
        winner,
        judge: labelerPseudonym(options.projectId, row.userId),
        anony: true,
        votedAt: row.votedAt,
        ...(row.durationMs === null ? {} : { durationMs: row.durationMs }),
      },
    });
    earlier = [...earlier, { prompt: row.prompt, winner, answers: row.texts.map((text) => ({ text, status: 'DONE' as const })) }];
  }
  return votes;
}
