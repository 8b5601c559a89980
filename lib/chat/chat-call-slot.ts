import { getPgPool } from '@/lib/db';

/** How long a chat side waits for its connection's limits (maxConcurrency, requestsPerMinute) before it fails as busy. */
const MAX_WAIT_MS = 30_000;
/** A lease outlives the last heartbeat by this much; the writer renews it while it streams. */
const LEASE_MS = 30_000;

/**
 * A call slot of the connection (model_call_acquire, the generation jobs' SQL function: the
 * connection's concurrency and per-minute limits across every app instance), waited for up to 30 s;
 * null when the connection stays full (the side then fails as rate limited) or `stopped` says the
 * labeler gave up waiting. The lease is renewed by renewChatCallSlot while the answer streams.
 */
export async function acquireChatCallSlot(o: { connectionId: string; stopped: () => boolean }): Promise<string | null> {
  const pool = getPgPool();
  const started = Date.now();
  for (let refusals = 0; Date.now() - started < MAX_WAIT_MS && !o.stopped(); refusals++) {
    const { rows } = await pool.query<{ lease_id: string | null; wait_ms: number }>(
      `SELECT a.lease_id, a.wait_ms FROM model_connections c, model_call_acquire(c.id, c."maxConcurrency", c."requestsPerMinute", 61000, $2) a WHERE c.id = $1`,
      [o.connectionId, LEASE_MS],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.lease_id) return row.lease_id;
    const wait = Math.min(2000, Math.max(row.wait_ms, 20 * 2 ** Math.min(refusals, 6)));
    await new Promise((r) => setTimeout(r, wait));
  }
  return null;
}

/** Keeps the lease counting against the concurrency limit while the answer streams. */
export async function renewChatCallSlot(leaseId: string): Promise<void> {
  await getPgPool().query(
    `UPDATE model_call_leases SET "expiresAt" = clock_timestamp() + make_interval(secs => $2::double precision / 1000) WHERE id = $1 AND "endedAt" IS NULL`,
    [leaseId, LEASE_MS],
  );
}

/** Ends the lease: the request is answered, failed or stopped. */
export async function releaseChatCallSlot(leaseId: string): Promise<void> {
  await getPgPool().query('UPDATE model_call_leases SET "endedAt" = clock_timestamp() WHERE id = $1', [leaseId]);
}
