import { withTransaction } from '@/lib/db';
import { insertAuditEvent } from '@/lib/audit/insert-audit-event';

/**
 * Stamps an API token's lastUsedAt and, on its first use of the UTC day, writes a `token.use` audit
 * row (issue 30) in the same transaction: the row lock on the token makes "first today" exact when
 * two requests race. One row a token a day keeps the log readable; lastUsedAt keeps the latest use.
 */
export async function recordTokenUse(options: { tokenId: string; userId: string; projectId: string | null; scope: string }): Promise<void> {
  await withTransaction(async (client) => {
    const { rows } = await client.query<{ first: boolean }>(
      `WITH prev AS (SELECT "lastUsedAt" FROM api_tokens WHERE id = $1 FOR UPDATE)
       UPDATE api_tokens SET "lastUsedAt" = now() AT TIME ZONE 'UTC' FROM prev WHERE id = $1
       RETURNING prev."lastUsedAt" IS NULL OR prev."lastUsedAt" < date_trunc('day', now() AT TIME ZONE 'UTC') AS first`,
      [options.tokenId],
    );
    if (!rows[0]?.first) return;
    await insertAuditEvent(client, {
      actorId: options.userId,
      projectId: options.projectId,
      action: 'token.use',
      targetType: 'api_token',
      targetId: options.tokenId,
      data: { scope: options.scope, firstUseOfDay: true },
    });
  });
}
