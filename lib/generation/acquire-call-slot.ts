import { getPgPool } from '@/lib/db';

/*
 * Call slots: the limits of a connection across every app instance. A slot is a row of
 * model_call_leases taken by the SQL function model_call_acquire (migration generation_jobs) under
 * the connection's advisory lock: at most maxConcurrency live leases, at most requestsPerMinute
 * started within the window plus a second of margin (so that the server's own clock never sees
 * more). claimGenerationTask takes a slot and a task in one statement; the lease ends in the
 * statement that stores the answer or the failure.
 */

export type CallLimits = { connectionId: string; maxConcurrency: number; requestsPerMinute: number | null; timeoutMs: number };

/** Extra time a lease outlives the request's own deadline, and the per-minute window's safety margin. */
const LEASE_MARGIN_MS = 10_000;
const WINDOW_MARGIN_MS = 1_000;
/** What model_call_acquire answers when the concurrency limit is full (the migration's function). */
export const CONCURRENCY_FULL_MS = 20;

/** The per-minute window model_call_acquire counts in: the limit's window plus the margin. */
export const callWindowMs = (windowMs = 60_000) => windowMs + WINDOW_MARGIN_MS;
/** How long a lease counts against the concurrency limit if its holder dies. */
export const callLeaseMs = (limits: CallLimits) => limits.timeoutMs + LEASE_MARGIN_MS;

/**
 * How long to wait after a refused slot: the per-minute limit says exactly when a start leaves the
 * window; a full concurrency limit does not, so that wait doubles with each refusal in a row
 * (`refusals`, from 0) up to 1 s, so lanes waiting on another instance's requests do not keep the
 * connection's lock busy. A little jitter so lanes that waited together do not all ask again at once.
 */
export function slotWaitMs(waitMs: number, refusals: number, random = Math.random()): number {
  const delay = waitMs > CONCURRENCY_FULL_MS ? waitMs : Math.min(1000, CONCURRENCY_FULL_MS * 2 ** refusals);
  return Math.min(5_000, delay + random * Math.min(50, delay / 4));
}

/** Ends a lease (the request is answered or failed): it stops counting against the concurrency limit. */
export async function releaseCallSlot(options: { leaseId: string }): Promise<void> {
  await getPgPool().query('UPDATE model_call_leases SET "endedAt" = clock_timestamp() WHERE id = $1', [options.leaseId]);
}
