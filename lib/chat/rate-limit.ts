import type { PoolClient } from 'pg';
import { AppError } from '@/lib/errors';

/**
 * The per-labeler rate limit of the chat task, held in PostgreSQL so every app instance agrees:
 * under the (project, labeler) chat lock, the model calls the labeler started in the project in
 * the last minute (chat_samples) plus `calls` must stay within `perMinute`; RATE_LIMITED otherwise,
 * saying how long to wait. Call in the transaction that inserts the samples: the lock is held to
 * its commit, so a second instance counts them.
 */
export async function takeChatCalls(
  client: PoolClient,
  o: { projectId: string; userId: string; calls: number; perMinute: number },
): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(26, hashtext($1))`, [`${o.projectId}:${o.userId}`]);
  const { rows } = await client.query<{ n: number; waitSeconds: number | null }>(
    `SELECT count(*)::int AS n, ceil(extract(epoch FROM min(s."startedAt") + interval '1 minute' - clock_timestamp()))::int AS "waitSeconds"
     FROM chat_samples s JOIN chat_turns t ON t.id = s."turnId" JOIN chat_conversations c ON c.id = t."conversationId"
     WHERE s."userId" = $1 AND c."projectId" = $2 AND s."startedAt" > clock_timestamp() - interval '1 minute'`,
    [o.userId, o.projectId],
  );
  const n = rows[0]?.n ?? 0;
  if (n + o.calls > o.perMinute) {
    const wait = Math.max(1, rows[0]?.waitSeconds ?? 60);
    throw new AppError(
      'RATE_LIMITED',
      `You have asked the models ${n} times in the last minute (this project allows ${o.perMinute}): wait ${wait} s and send again.`,
    );
  }
}
