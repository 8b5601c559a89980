import { getPgPool } from '@/lib/db';
import { callLeaseMs, callWindowMs, CONCURRENCY_FULL_MS, type CallLimits } from '@/lib/generation/acquire-call-slot';

export type ClaimedTask = {
  id: string;
  attempts: number;
  itemId: string | null;
  responseId: string | null;
  perturbationId: string | null;
  sample: number;
  params: Record<string, unknown>;
  /** The conversation (the item's messages). */
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  /** CRITIQUES: the text critiqued (the response's, or the perturbation's flawed text). */
  answer: string | null;
};

/**
 * Takes a call slot of the connection and, with it, this job's next due task of that connection, in
 * one statement (one round trip, one commit). The slot is model_call_acquire's (the limits across
 * instances, lib/generation/acquire-call-slot.ts); only when it grants one is a task claimed: QUEUED
 * and past its notBefore, or RUNNING with its lease passed (its runner died), with FOR UPDATE SKIP
 * LOCKED, so any number of runners on any instance share the tasks and none takes one twice. The
 * attempt is counted and the task leased for `leaseMs`; nothing is taken once the job is cancelled.
 * Answers the lease (null: wait `waitMs`) and the task with the texts its request needs (null: none
 * due; the caller deletes the unused lease).
 */
export async function claimGenerationTask(options: {
  jobId: string;
  connectionId: string;
  leaseMs: number;
  limits: CallLimits;
  windowMs?: number;
}): Promise<{ leaseId: string | null; waitMs: number; task: ClaimedTask | null }> {
  const { limits } = options;
  const { rows } = await getPgPool().query<ClaimedTask & { leaseId: string | null; waitMs: number }>(
    // The slot first (MATERIALIZED: the function runs once); then two index range scans, the second
    // only when the first finds nothing (UNION ALL under LIMIT 1): an OR of both would read and sort
    // every open task of the job on each claim.
    `WITH slot AS MATERIALIZED (SELECT lease_id, wait_ms FROM model_call_acquire($2::uuid, $4::int, $5::int, $6::int, $7::int)),
     next AS (
       SELECT q.id FROM (SELECT t.id FROM generation_tasks t
                          WHERE t."jobId" = $1 AND t.status = 'QUEUED' AND t."notBefore" <= now() AND t."connectionId" = $2
                            AND EXISTS (SELECT 1 FROM slot WHERE slot.lease_id IS NOT NULL)
                          ORDER BY t."notBefore" LIMIT 1 FOR UPDATE SKIP LOCKED) q
       UNION ALL
       SELECT r.id FROM (SELECT t.id FROM generation_tasks t
                          WHERE t."jobId" = $1 AND t.status = 'RUNNING' AND t."leaseExpiresAt" < now() AND t."connectionId" = $2
                            AND EXISTS (SELECT 1 FROM slot WHERE slot.lease_id IS NOT NULL)
                          LIMIT 1 FOR UPDATE SKIP LOCKED) r
       LIMIT 1),
     claimed AS (
       UPDATE generation_tasks t SET status = 'RUNNING', attempts = t.attempts + 1, "leaseExpiresAt" = now() + make_interval(secs => $3 / 1000.0)
         FROM next WHERE t.id = next.id AND EXISTS (SELECT 1 FROM generation_jobs j WHERE j.id = $1 AND j.status IN ('QUEUED', 'RUNNING'))
       RETURNING t.id, t.attempts, t."itemId", t."responseId", t."perturbationId", t.sample, t.params,
         (SELECT i.messages FROM items i WHERE i.id = coalesce(t."itemId", (SELECT r."itemId" FROM responses r WHERE r.id = t."responseId"))) AS messages,
         CASE WHEN t."perturbationId" IS NOT NULL THEN (SELECT p."flawedText" FROM perturbations p WHERE p.id = t."perturbationId")
              WHEN t."responseId" IS NOT NULL THEN (SELECT r.text FROM responses r WHERE r.id = t."responseId") END AS answer)
     SELECT slot.lease_id AS "leaseId", slot.wait_ms AS "waitMs", c.* FROM slot LEFT JOIN claimed c ON true`,
    [
      options.jobId,
      options.connectionId,
      options.leaseMs,
      limits.maxConcurrency,
      limits.requestsPerMinute,
      callWindowMs(options.windowMs),
      callLeaseMs(limits),
    ],
  );
  const row = rows[0];
  if (!row) return { leaseId: null, waitMs: CONCURRENCY_FULL_MS, task: null };
  const { leaseId, waitMs, ...task } = row;
  return { leaseId, waitMs, task: task.id ? task : null };
}
