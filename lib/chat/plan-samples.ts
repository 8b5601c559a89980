import type { PoolClient } from 'pg';
import type { LoadedConversation } from '@/lib/chat/load-conversation';
import { takeChatCalls } from '@/lib/chat/rate-limit';
import { ZSamplingParams, type ChatMessage, type SamplingParams } from '@/lib/models/schemas';

/** A sample about to be streamed: its row (STREAMING), the side, where it goes and what it is sent. Server side only. */
export type PlannedSample = {
  sampleId: string;
  position: number;
  attempt: number;
  connectionId: string;
  messages: ChatMessage[];
  params: SamplingParams;
};

/**
 * Inserts one STREAMING sample per side asked (attempt = the side's last + 1) with the connection's
 * parameters as provenance, after the labeler's rate limit (lib/chat/rate-limit.ts), in the
 * caller's transaction; the assignment's lease is renewed (the labeler is at work).
 */
export async function planSamples(
  client: PoolClient,
  o: {
    loaded: LoadedConversation;
    projectId: string;
    userId: string;
    turnId: string;
    sides: { position: number; messages: ChatMessage[] }[];
  },
): Promise<PlannedSample[]> {
  const { chat, leaseMinutes } = o.loaded.assignment.settings;
  await takeChatCalls(client, { projectId: o.projectId, userId: o.userId, calls: o.sides.length, perMinute: chat.callsPerMinute });
  await client.query(
    `UPDATE assignments SET "leaseExpiresAt" = now() + make_interval(mins => $2::int) WHERE id = $1 AND status = 'ACTIVE'`,
    [o.loaded.assignment.id, leaseMinutes],
  );
  const planned: PlannedSample[] = [];
  for (const side of o.sides) {
    const found = o.loaded.sides[side.position];
    if (!found) throw new Error(`no side ${side.position}`);
    const { rows } = await client.query<{ id: string; attempt: number; params: unknown }>(
      `INSERT INTO chat_samples ("turnId", "sideId", attempt, "userId", params, "startedAt", "heartbeatAt")
       SELECT $1, $2, coalesce((SELECT max(attempt) FROM chat_samples WHERE "turnId" = $1 AND "sideId" = $2), 0) + 1, $3, m.params, clock_timestamp(), clock_timestamp()
       FROM model_connections m WHERE m.id = $4
       RETURNING id, attempt, params`,
      [o.turnId, found.id, o.userId, found.connectionId],
    );
    const row = rows[0];
    if (!row) throw new Error(`connection ${found.connectionId} of a chat side is gone`);
    planned.push({
      sampleId: row.id,
      position: side.position,
      attempt: row.attempt,
      connectionId: found.connectionId,
      messages: side.messages,
      params: ZSamplingParams.catch({}).parse(row.params),
    });
  }
  return planned;
}
