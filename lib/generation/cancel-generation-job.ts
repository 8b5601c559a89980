import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';

/**
 * Cancels a queued or running job: no runner takes another of its tasks (each claim checks the job's
 * status; a runner notices within a second and stops waiting for slots). Requests already sent are
 * not cut off: their answers are stored (they are paid for).
 */
export async function cancelGenerationJob(options: { actorId: string | null; projectId: string; jobId: string }): Promise<void> {
  await withTransaction(async (client) => {
    const { rowCount } = await client.query(
      `UPDATE generation_jobs SET status = 'CANCELLED', "cancelledAt" = now() WHERE id = $1 AND "projectId" = $2 AND status IN ('QUEUED', 'RUNNING')`,
      [options.jobId, options.projectId],
    );
    if (!rowCount) await assertJob(client, options);
    else
      await insertAuditEvent(client, {
        actorId: options.actorId,
        projectId: options.projectId,
        action: 'generation.cancel',
        targetType: 'generation_job',
        targetId: options.jobId,
      });
  });
}

/** NOT_FOUND unless the job is this project's (a job in the wrong state is left as it is). */
export async function assertJob(client: import('pg').ClientBase, options: { projectId: string; jobId: string }): Promise<void> {
  const { rows } = await client.query(`SELECT 1 FROM generation_jobs WHERE id = $1 AND "projectId" = $2`, [
    options.jobId,
    options.projectId,
  ]);
  if (rows.length === 0) throw new AppError('NOT_FOUND', 'No such job in this project.');
}
