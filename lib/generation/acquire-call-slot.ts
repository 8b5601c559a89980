import { getPgPool } from '@/lib/db';

export type CallLimits = { connectionId: string; maxConcurrency: number; requestsPerMinute: number | null; timeoutMs: number };

/** Extra time a lease outlives the request's own deadline, and the per-minute window's safety margin. */
const LEASE_MARGIN_MS = 10_000;
const WINDOW_MARGIN_MS = 1_000;
/** What model_call_acquire answers when the concurrency limit is full (the migration's function). */
const CONCURRENCY_FULL_MS = 20;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Waits for a call slot of this connection and returns its lease id, or null when `signal` aborts
 * first. The limits hold across every app instance: the slot is a row of model_call_leases taken by
 * the SQL function model_call_acquire under the connection's advisory lock (at most maxConcurrency
 * live leases, at most requestsPerMinute started within `windowMs` plus a second of margin, so
 * that the server's own clock never sees more). While full, it sleeps as long as the function says.
 */
export async function acquireCallSlot(options: { limits: CallLimits; windowMs?: number; signal?: AbortSignal }): Promise<string | null> {
  const { limits } = options;
  const windowMs = (options.windowMs ?? 60_000) + WINDOW_MARGIN_MS;
  // Lanes of other runners may hold every slot for long: wait longer each time the concurrency limit
  // is what is full (20 ms doubling up to 1 s), so idle lanes do not keep the connection's lock busy.
  let fullFor = 0;
  while (!options.signal?.aborted) {
    const { rows } = await getPgPool().query<{ lease_id: string | null; wait_ms: number }>(
      'SELECT lease_id, wait_ms FROM model_call_acquire($1, $2, $3, $4, $5)',
      [limits.connectionId, limits.maxConcurrency, limits.requestsPerMinute, windowMs, limits.timeoutMs + LEASE_MARGIN_MS],
    );
    const row = rows[0];
    if (row?.lease_id) return row.lease_id;
    const wait = row?.wait_ms ?? CONCURRENCY_FULL_MS;
    // The per-minute limit says exactly when a start leaves the window; a full concurrency limit does not.
    const delay = wait > CONCURRENCY_FULL_MS ? wait : Math.min(1000, CONCURRENCY_FULL_MS * 2 ** fullFor++);
    // A little jitter so lanes that waited together do not all ask again at once.
    await sleep(Math.min(5_000, delay + Math.random() * Math.min(50, delay / 4)), options.signal);
  }
  return null;
}

/** Ends a lease (the request is answered or failed): it stops counting against the concurrency limit. */
export async function releaseCallSlot(options: { leaseId: string }): Promise<void> {
  await getPgPool().query('UPDATE model_call_leases SET "endedAt" = clock_timestamp() WHERE id = $1', [options.leaseId]);
}
