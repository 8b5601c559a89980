import type { PoolClient } from 'pg';
import { chooseSides } from '@/lib/chat/choose-sides';
import { getChatTask, type ChatTaskView } from '@/lib/chat/get-chat-task';
import type { TFinishChat } from '@/lib/chat/schemas';
import { AppError } from '@/lib/errors';
import { routingSql } from '@/lib/pool/routing-sql';
import { readProjectSettings } from '@/lib/projects/settings';
import { claimTask, type ClaimedTask } from '@/lib/tasks/claim';
import type { AssignmentRow, ClaimContext, LockedAssignment, TaskKindModule } from '@/lib/tasks/kind';
import { submitTask } from '@/lib/tasks/submit';

/**
 * The chat kind (issue 26): a live battle. The labeler writes a prompt (or starts from a seed item),
 * 2–4 anonymous models answer, streamed (lib/chat/chat-stream-route.ts), the labeler votes turn by
 * turn (lib/chat/vote-chat-turn.ts) and may continue. The engine's submit is "Finish": it closes the
 * assignment once every turn is voted. No item slots: every battle is a new sample of the models.
 * The assignment needs an item: a seed item of the project, or (own prompts) an item made at claim
 * for the labeler's prompt, kept from the other kinds (awaitingResponses) and filled with the first
 * prompt when it is sent.
 */

export type FinishChatResult = {
  duplicate: boolean;
  /** The models' names by side (A, B, …) when the project reveals them after the vote; null otherwise. */
  revealed: string[] | null;
};

type Locked = LockedAssignment & { projectId: string; conversationId: string; finishedAt: Date | null; doNotUse: boolean };

// A seed: an item of the project ending with a user turn, never one of the labeler's chats, that
// no other chat made (own-prompt items wait for responses); their profile meets the routing. Items
// with the fewest chats first, then priority and age.
const PICK_SEED = `SELECT i.id FROM items i
  WHERE i."projectId" = $1 AND NOT i."awaitingResponses" AND jsonb_typeof(i.messages) = 'array' AND i.messages -> -1 ->> 'role' = 'user'
    AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = i.id AND mine."userId" = $2 AND mine.kind = 'CHAT')
    AND ${routingSql({ item: 'i', user: '$2', project: '$1' })}
  ORDER BY (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'CHAT'), i.priority DESC, i."createdAt"
  LIMIT 1
  FOR UPDATE OF i SKIP LOCKED`;

const OWN_ITEM = `INSERT INTO items ("projectId", messages, metadata, "awaitingResponses") VALUES ($1, '[]'::jsonb, '{"source": "chat"}'::jsonb, true)
  RETURNING id`;

const INSERT_ASSIGNMENT = `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion")
  VALUES ($1, $2, $3, 'CHAT', 'ACTIVE', now() + make_interval(mins => $4::int), '{}', $5)
  RETURNING id, "itemId", kind, "leaseExpiresAt", "shownOrder"`;

async function claimNew(ctx: ClaimContext): Promise<AssignmentRow | null> {
  const { client, settings } = ctx;
  const chat = settings.chat;
  const sides = await chooseSides(client, { projectId: ctx.projectId, chat, random: ctx.random });
  if (!sides) return null;
  const item =
    chat.prompts === 'seed'
      ? await client.query<{ id: string }>(PICK_SEED, [ctx.projectId, ctx.userId])
      : await client.query<{ id: string }>(OWN_ITEM, [ctx.projectId]);
  const itemId = item.rows[0]?.id;
  if (!itemId) return null;
  const { rows } = await client.query<AssignmentRow>(INSERT_ASSIGNMENT, [
    ctx.projectId,
    itemId,
    ctx.userId,
    settings.leaseMinutes,
    settings.taxonomyVersion,
  ]);
  const assignment = rows[0];
  if (!assignment) return null;
  const conversation = await client.query<{ id: string }>(
    `INSERT INTO chat_conversations ("assignmentId", "projectId", "itemId", "userId", "promptSource", continuation)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [assignment.id, ctx.projectId, itemId, ctx.userId, chat.prompts, chat.continuation],
  );
  await client.query(
    `INSERT INTO chat_sides ("conversationId", "connectionId", position) SELECT $1, c, n - 1 FROM unnest($2::uuid[]) WITH ORDINALITY u(c, n)`,
    [conversation.rows[0]?.id, sides.map((s) => s.connectionId)],
  );
  return assignment;
}

/** The labeler's lapsed, unfinished chat with at least one prompt, renewed: a conversation is not given up by a long pause. */
async function resumeChat(ctx: ClaimContext): Promise<AssignmentRow | null> {
  const { rows } = await ctx.client.query<AssignmentRow>(
    `UPDATE assignments SET status = 'ACTIVE', "leaseExpiresAt" = now() + make_interval(mins => $3::int)
     WHERE id = (SELECT a.id FROM assignments a JOIN chat_conversations c ON c."assignmentId" = a.id
                 WHERE a."projectId" = $1 AND a."userId" = $2 AND a.kind = 'CHAT' AND a.status = 'EXPIRED' AND c."finishedAt" IS NULL
                   AND EXISTS (SELECT 1 FROM chat_turns t WHERE t."conversationId" = c.id)
                 ORDER BY a."createdAt" DESC LIMIT 1)
     RETURNING id, "itemId", kind, "leaseExpiresAt", "shownOrder"`,
    [ctx.projectId, ctx.userId, ctx.settings.leaseMinutes],
  );
  return rows[0] ?? null;
}

async function revealedNames(client: PoolClient, row: Locked): Promise<string[] | null> {
  if (!readProjectSettings(row.settings).chat.revealAfterVote) return null;
  const { rows } = await client.query<{ name: string }>(
    `SELECT m.name FROM chat_sides d JOIN model_connections m ON m.id = d."connectionId" WHERE d."conversationId" = $1 ORDER BY d.position`,
    [row.conversationId],
  );
  return rows.map((r) => r.name);
}

export const CHAT: TaskKindModule<TFinishChat, Locked, null, FinishChatResult, ChatTaskView> = {
  kind: 'CHAT',
  // Off while fewer connections are in play than a battle has sides.
  weight: (settings) => (settings.chat.connections.length >= settings.chat.sides ? settings.taskMix.chat : 0),
  claim: { resume: resumeChat, next: claimNew },
  submit: {
    async lock(client, key) {
      const { rows } = await client.query<Locked>(
        `SELECT a.id, a.status, a."itemId", a.slot, a."leaseExpiresAt", a."projectId", p.settings, c.id AS "conversationId", c."finishedAt", c."doNotUse"
         FROM assignments a JOIN projects p ON p.id = a."projectId" JOIN chat_conversations c ON c."assignmentId" = a.id
         WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'CHAT'
         FOR UPDATE OF a`,
        [key.assignmentId, key.userId, key.projectId],
      );
      return rows[0] ?? null;
    },
    async stored(client, row) {
      return row.finishedAt ? { duplicate: true, revealed: await revealedNames(client, row) } : null;
    },
    async validate({ client }, row) {
      const { rows } = await client.query<{ turns: number; unvoted: number }>(
        `SELECT count(*)::int AS turns, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM chat_votes v WHERE v."turnId" = t.id))::int AS unvoted
         FROM chat_turns t WHERE t."conversationId" = $1`,
        [row.conversationId],
      );
      const { turns = 0, unvoted = 0 } = rows[0] ?? {};
      // A conversation flagged "do not use" may end anywhere: it counts for nothing.
      if (row.doNotUse) return null;
      if (turns === 0) throw new AppError('INVALID_INPUT', 'Send a prompt and vote before you finish (or skip this task).');
      if (unvoted > 0) throw new AppError('INVALID_INPUT', 'Vote on the last turn before you finish the conversation.');
      return null;
    },
    slot: async () => null,
    async insert({ client }, row) {
      await client.query(`UPDATE chat_conversations SET "finishedAt" = now() WHERE id = $1`, [row.conversationId]);
      return { duplicate: false, revealed: await revealedNames(client, row) };
    },
  },
  view: getChatTask,
};

/** The next chat battle for the labeler (the engine's claim). */
export function claimChatTask(options: { projectId: string; userId: string; random?: () => number }): Promise<ClaimedTask | null> {
  return claimTask(CHAT, options);
}

/** Finishes the labeler's conversation (the engine's submit): every turn voted; a repeat returns the first result. */
export function finishChat(options: { userId: string; projectId: string; input: TFinishChat }): Promise<FinishChatResult> {
  return submitTask(CHAT, options);
}
