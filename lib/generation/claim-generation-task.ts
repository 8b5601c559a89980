import { getPgPool } from '@/lib/db';

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
 * Takes this job's next due task of one connection (QUEUED and past its notBefore, or RUNNING with
 * its lease passed: its runner died) with FOR UPDATE SKIP LOCKED, so any number of runners on any
 * instance share the tasks and none takes one twice. The attempt is counted and the task leased for
 * `leaseMs`; nothing is taken once the job is cancelled. One statement, with the texts the request needs.
 */
export async function claimGenerationTask(options: { jobId: string; connectionId: string; leaseMs: number }): Promise<ClaimedTask | null> {
  const { rows } = await getPgPool().query<ClaimedTask>(
    // Two index range scans, the second only when the first finds nothing (UNION ALL under LIMIT 1):
    // an OR of both would read and sort every open task of the job on each claim.
    `WITH next AS (
       SELECT q.id FROM (SELECT t.id FROM generation_tasks t
                          WHERE t."jobId" = $1 AND t.status = 'QUEUED' AND t."notBefore" <= now() AND t."connectionId" = $2
                          ORDER BY t."notBefore" LIMIT 1 FOR UPDATE SKIP LOCKED) q
       UNION ALL
       SELECT r.id FROM (SELECT t.id FROM generation_tasks t
                          WHERE t."jobId" = $1 AND t.status = 'RUNNING' AND t."leaseExpiresAt" < now() AND t."connectionId" = $2
                          LIMIT 1 FOR UPDATE SKIP LOCKED) r
       LIMIT 1)
     UPDATE generation_tasks t SET status = 'RUNNING', attempts = t.attempts + 1, "leaseExpiresAt" = now() + make_interval(secs => $3 / 1000.0)
       FROM next WHERE t.id = next.id AND EXISTS (SELECT 1 FROM generation_jobs j WHERE j.id = $1 AND j.status IN ('QUEUED', 'RUNNING'))
     RETURNING t.id, t.attempts, t."itemId", t."responseId", t."perturbationId", t.sample, t.params,
       (SELECT i.messages FROM items i WHERE i.id = coalesce(t."itemId", (SELECT r."itemId" FROM responses r WHERE r.id = t."responseId"))) AS messages,
       CASE WHEN t."perturbationId" IS NOT NULL THEN (SELECT p."flawedText" FROM perturbations p WHERE p.id = t."perturbationId")
            WHEN t."responseId" IS NOT NULL THEN (SELECT r.text FROM responses r WHERE r.id = t."responseId") END AS answer`,
    [options.jobId, options.connectionId, options.leaseMs],
  );
  return rows[0] ?? null;
}
