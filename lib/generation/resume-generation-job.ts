import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { withTransaction } from '@/lib/db';
import { assertJob } from '@/lib/generation/cancel-generation-job';
import { queueGenerationRunners } from '@/lib/generation/queue-generation-runners';

/**
 * Resumes a cancelled or ended job: its failed tasks go back to the queue with a fresh retry budget
 * (the connection may have been fixed), and its runners are queued again. A job with nothing left
 * to do ends at once (finished).
 */
export async function resumeGenerationJob(options: { actorId: string | null; projectId: string; jobId: string }): Promise<void> {
  await withTransaction(async (client) => {
    const { rowCount } = await client.query(
      `UPDATE generation_jobs SET status = 'QUEUED', "cancelledAt" = NULL, "finishedAt" = NULL
        WHERE id = $1 AND "projectId" = $2 AND status IN ('CANCELLED', 'FAILED', 'FINISHED')`,
      [options.jobId, options.projectId],
    );
    if (!rowCount) return void (await assertJob(client, options));
    await client.query(
      `UPDATE generation_tasks SET status = 'QUEUED', attempts = 0, "notBefore" = now(), "finishedAt" = NULL WHERE "jobId" = $1 AND status = 'FAILED'`,
      [options.jobId],
    );
    await insertAuditEvent(client, {
      actorId: options.actorId,
      projectId: options.projectId,
      action: 'generation.resume',
      targetType: 'generation_job',
      targetId: options.jobId,
    });
    await queueGenerationRunners({ jobId: options.jobId, client });
  });
}
