import { getPgPool } from '@/lib/db';

/**
 * Ends a job none of whose tasks is open (QUEUED or RUNNING): FINISHED (FAILED when not one task
 * succeeded), with its counts and token totals written. Every runner lane calls it as it stops, after
 * its own last commit, so the last one sees every task ended. Returns true when the job is over.
 * Before the status changes, it also releases the job's items that are complete: a runner killed
 * between a task's commit and its releaseCompleteItem would otherwise leave one waiting for ever.
 */
export async function finishGenerationJob(options: { jobId: string }): Promise<boolean> {
  const { rows } = await getPgPool().query<{ open: boolean; status: string }>(
    `SELECT EXISTS (SELECT 1 FROM generation_tasks WHERE "jobId" = $1 AND status IN ('QUEUED', 'RUNNING')) AS open,
            (SELECT status::text FROM generation_jobs WHERE id = $1) AS status`,
    [options.jobId],
  );
  const row = rows[0];
  if (!row || row.open) return false;
  if (row.status !== 'QUEUED' && row.status !== 'RUNNING') return true;
  await getPgPool().query(
    `UPDATE items i SET "awaitingResponses" = false
      WHERE i.id IN (SELECT DISTINCT "itemId" FROM generation_tasks WHERE "jobId" = $1 AND "itemId" IS NOT NULL) AND i."awaitingResponses"
        AND NOT EXISTS (SELECT 1 FROM generation_tasks t WHERE t."itemId" = i.id AND t.status IN ('QUEUED', 'RUNNING'))
        AND (SELECT count(*) FROM responses r WHERE r."itemId" = i.id) >= (SELECT p."minResponses" FROM projects p WHERE p.id = i."projectId")`,
    [options.jobId],
  );
  await getPgPool().query(
    `UPDATE generation_jobs j SET status = CASE WHEN c.done = 0 AND c.failed > 0 THEN 'FAILED' ELSE 'FINISHED' END::"GenerationJobStatus",
            "finishedAt" = now(), "doneCount" = c.done, "failedCount" = c.failed, "promptTokens" = c.pt, "completionTokens" = c.ct
       FROM (SELECT count(*) FILTER (WHERE status = 'DONE')::int AS done, count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
                    coalesce(sum("promptTokens"), 0) AS pt, coalesce(sum("completionTokens"), 0) AS ct,
                    count(*) FILTER (WHERE status IN ('QUEUED', 'RUNNING')) AS open
               FROM generation_tasks WHERE "jobId" = $1) c
      WHERE j.id = $1 AND j.status IN ('QUEUED', 'RUNNING') AND c.open = 0`,
    [options.jobId],
  );
  return true;
}
