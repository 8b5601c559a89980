import { getPgPool } from '@/lib/db';

/**
 * When this job's next task of the connection comes due (the earliest retry time of a queued task,
 * or lease end of a running one; null when none is open) and how many are queued and running.
 */
export async function findNextDue(options: {
  jobId: string;
  connectionId: string;
}): Promise<{ next: Date | null; queued: number; running: number }> {
  const { rows } = await getPgPool().query<{ next: Date | null; queued: number; running: number }>(
    `SELECT min(CASE WHEN status = 'QUEUED' THEN "notBefore" ELSE "leaseExpiresAt" END) AS next,
            count(*) FILTER (WHERE status = 'QUEUED')::int AS queued, count(*) FILTER (WHERE status = 'RUNNING')::int AS running
       FROM generation_tasks WHERE "jobId" = $1 AND "connectionId" = $2 AND status IN ('QUEUED', 'RUNNING')`,
    [options.jobId, options.connectionId],
  );
  return rows[0] ?? { next: null, queued: 0, running: 0 };
}
