import type { PoolClient } from 'pg';

/**
 * recordAuditEvent for writes made on a plain `pg` connection (bulk or statistics work): the audit
 * row joins the caller's transaction, so the action and its record commit together.
 */
export async function insertAuditEvent(
  client: PoolClient,
  event: { actorId: string | null; action: string; projectId?: string | null; targetType?: string; targetId?: string; data?: unknown },
): Promise<void> {
  await client.query(
    `INSERT INTO audit_events ("actorId", "projectId", action, "targetType", "targetId", data) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      event.actorId,
      event.projectId ?? null,
      event.action,
      event.targetType ?? null,
      event.targetId ?? null,
      JSON.stringify(event.data ?? {}),
    ],
  );
}
