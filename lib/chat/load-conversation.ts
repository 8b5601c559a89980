import type { PoolClient } from 'pg';
import type { RuleTurn, SampleStatus } from '@/lib/chat/chat-rules';
import type { TChatWinner } from '@/lib/chat/schemas';
import { getPgPool } from '@/lib/db';
import type { ChatMessage } from '@/lib/models/schemas';
import { readProjectSettings, type TProjectSettings } from '@/lib/projects/settings';

/** A STREAMING sample whose writer has not touched it for this long was cut off (an app restart); the writer beats every 2 s. */
export const STALE_STREAM_SECONDS = 20;
export const HEARTBEAT_MS = 2000;

export type LoadedSample = {
  id: string;
  sideId: string;
  position: number;
  attempt: number;
  status: SampleStatus;
  text: string;
  errorKind: string | null;
};

export type LoadedTurn = {
  id: string;
  turn: number;
  prompt: string;
  /** The latest sample of each side, in side order (a side not yet sampled has none). */
  samples: (LoadedSample | null)[];
  vote: { winner: TChatWinner; sampleIds: string[]; texts: string[] } | null;
};

/** One labeler's chat assignment with its conversation, as every chat operation reads it (server side only: it holds connection ids). */
export type LoadedConversation = {
  assignment: { id: string; status: string; leaseExpiresAt: Date; itemId: string; settings: TProjectSettings };
  conversation: {
    id: string;
    promptSource: 'seed' | 'own';
    continuation: 'separate' | 'shared';
    doNotUse: boolean;
    finishedAt: Date | null;
  };
  /** A seed item's context before its last user message; [] for the labeler's own prompts. */
  base: ChatMessage[];
  /** A seed item's last user message: the first prompt offered. */
  seedPrompt: string | null;
  sides: { id: string; position: number; connectionId: string }[];
  turns: LoadedTurn[];
};

/** The turns as the pure rules read them (lib/chat/chat-rules.ts): the voted answers once voted, else the latest ones. */
export function ruleTurns(loaded: LoadedConversation): RuleTurn[] {
  return loaded.turns.map((t) => ({
    prompt: t.prompt,
    winner: t.vote?.winner ?? null,
    answers: loaded.sides.map((_, i) =>
      t.vote
        ? { text: t.vote.texts[i] ?? '', status: 'DONE' as const }
        : { text: t.samples[i]?.text ?? '', status: t.samples[i]?.status ?? 'ERROR' },
    ),
  }));
}

function splitSeed(messages: unknown): { base: ChatMessage[]; seedPrompt: string | null } {
  const list = Array.isArray(messages) ? (messages as ChatMessage[]) : [];
  const last = list.at(-1);
  if (last?.role !== 'user') return { base: list, seedPrompt: null };
  return { base: list.slice(0, -1), seedPrompt: last.content };
}

/**
 * The labeler's CHAT assignment and its conversation, or null when it is not theirs. With `lock`
 * (inside a transaction) the assignment row is locked FOR UPDATE first, so chat writes of one
 * conversation run one at a time across app instances. Samples left STREAMING by a writer that
 * stopped beating (an app restart) are marked INTERRUPTED on the way.
 */
export async function loadConversation(
  key: { assignmentId: string; userId: string; projectId: string },
  o: { client?: PoolClient; lock?: boolean } = {},
): Promise<LoadedConversation | null> {
  const db = o.client ?? getPgPool();
  const { rows } = await db.query<{
    id: string;
    status: string;
    leaseExpiresAt: Date;
    itemId: string;
    settings: unknown;
    conversationId: string;
    promptSource: 'seed' | 'own';
    continuation: 'separate' | 'shared';
    doNotUse: boolean;
    finishedAt: Date | null;
    messages: unknown;
  }>(
    `SELECT a.id, a.status, a."leaseExpiresAt", a."itemId", p.settings, c.id AS "conversationId", c."promptSource", c.continuation,
            c."doNotUse", c."finishedAt", i.messages
     FROM assignments a JOIN projects p ON p.id = a."projectId" JOIN chat_conversations c ON c."assignmentId" = a.id JOIN items i ON i.id = a."itemId"
     WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'CHAT'${o.lock ? ' FOR UPDATE OF a' : ''}`,
    [key.assignmentId, key.userId, key.projectId],
  );
  const row = rows[0];
  if (!row) return null;
  await db.query(
    `UPDATE chat_samples s SET status = 'INTERRUPTED', "finishedAt" = now() FROM chat_turns t
     WHERE s."turnId" = t.id AND t."conversationId" = $1 AND s.status = 'STREAMING' AND s."heartbeatAt" < now() - make_interval(secs => $2)`,
    [row.conversationId, STALE_STREAM_SECONDS],
  );
  // One after another: a transaction's client runs one query at a time.
  const sides = await db.query<{ id: string; position: number; connectionId: string }>(
    `SELECT id, position, "connectionId" FROM chat_sides WHERE "conversationId" = $1 ORDER BY position`,
    [row.conversationId],
  );
  const turns = await db.query<{
    id: string;
    turn: number;
    prompt: string;
    winner: string | null;
    winnerPosition: number | null;
    sampleIds: string[] | null;
  }>(
    `SELECT t.id, t.turn, t.prompt, v.winner, v."winnerPosition", v."sampleIds" FROM chat_turns t LEFT JOIN chat_votes v ON v."turnId" = t.id
       WHERE t."conversationId" = $1 ORDER BY t.turn`,
    [row.conversationId],
  );
  const samples = await db.query<LoadedSample & { turnId: string }>(
    `SELECT s.id, s."turnId", s."sideId", d.position, s.attempt, s.status, s.text, s."errorKind" FROM chat_samples s
       JOIN chat_turns t ON t.id = s."turnId" JOIN chat_sides d ON d.id = s."sideId"
       WHERE t."conversationId" = $1 ORDER BY s.attempt`,
    [row.conversationId],
  );
  const sampleById = new Map(samples.rows.map((s) => [s.id, s]));
  const loadedTurns: LoadedTurn[] = turns.rows.map((t) => {
    const latest: (LoadedSample | null)[] = sides.rows.map(() => null);
    for (const s of samples.rows) if (s.turnId === t.id) latest[s.position] = s;
    const winner: TChatWinner | null =
      t.winner === 'side'
        ? { kind: 'side', index: t.winnerPosition ?? 0 }
        : t.winner === 'tie' || t.winner === 'bothbad'
          ? { kind: t.winner }
          : null;
    const sampleIds = t.sampleIds ?? [];
    return {
      id: t.id,
      turn: t.turn,
      prompt: t.prompt,
      samples: latest,
      vote: winner ? { winner, sampleIds, texts: sampleIds.map((id) => sampleById.get(id)?.text ?? '') } : null,
    };
  });
  const seed = row.promptSource === 'seed' ? splitSeed(row.messages) : { base: [], seedPrompt: null };
  return {
    assignment: {
      id: row.id,
      status: row.status,
      leaseExpiresAt: row.leaseExpiresAt,
      itemId: row.itemId,
      settings: readProjectSettings(row.settings),
    },
    conversation: {
      id: row.conversationId,
      promptSource: row.promptSource,
      continuation: row.continuation,
      doNotUse: row.doNotUse,
      finishedAt: row.finishedAt,
    },
    base: seed.base,
    seedPrompt: seed.seedPrompt,
    sides: sides.rows,
    turns: loadedTurns,
  };
}
