import { getPgPool } from '@/lib/db';
import { releaseCompleteItem } from '@/lib/generation/release-complete-item';

/** Attempts a task gets for retryable failures (429, 5xx, timeouts, network errors, malformed answers). */
export const MAX_ATTEMPTS = 8;

/** Backoff before retry n (1-based): 1 s, 2 s, 4 s … up to 60 s, ±20% jitter; never sooner than the server's Retry-After. */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, random = Math.random()): number {
  const backoff = Math.min(60_000, 1000 * 2 ** (attempt - 1)) * (0.8 + 0.4 * random);
  return Math.round(Math.max(backoff, retryAfterMs ?? 0));
}

/**
 * Records a failed attempt in one statement (guarded like a completion: only this attempt's task):
 * back to QUEUED not before `retryInMs` when it is retried, else FAILED with the reason. The kind
 * and the server's own message are kept for the Jobs page. The call slot's lease ends with it.
 */
export async function failGenerationTask(options: {
  task: { id: string; attempts: number; itemId: string | null };
  kind: string;
  message: string;
  /** null: the task fails for good. */
  retryInMs: number | null;
  leaseId: string | null;
}): Promise<void> {
  const retry = options.retryInMs !== null;
  await getPgPool().query(
    `WITH failed AS (
       UPDATE generation_tasks SET status = $3::"GenerationTaskStatus", "notBefore" = now() + make_interval(secs => $4 / 1000.0),
              "leaseExpiresAt" = NULL, "lastErrorKind" = $5, "lastError" = $6, "finishedAt" = CASE WHEN $3 = 'FAILED' THEN now() END
        WHERE id = $1 AND status = 'RUNNING' AND attempts = $2 RETURNING id)
     UPDATE model_call_leases SET "endedAt" = clock_timestamp() WHERE id = $7`,
    [
      options.task.id,
      options.task.attempts,
      retry ? 'QUEUED' : 'FAILED',
      options.retryInMs ?? 0,
      options.kind,
      options.message.slice(0, 2000),
      options.leaseId,
    ],
  );
  if (!retry && options.task.itemId) await releaseCompleteItem({ itemId: options.task.itemId });
}
