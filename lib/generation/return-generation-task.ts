import { getPgPool } from '@/lib/db';

/** A claimed task put back untouched (its runner stopped before sending: cancel, or the end of its slice). */
export async function returnGenerationTask(options: { task: { id: string; attempts: number } }): Promise<void> {
  await getPgPool().query(
    `UPDATE generation_tasks SET status = 'QUEUED', attempts = attempts - 1, "leaseExpiresAt" = NULL
      WHERE id = $1 AND status = 'RUNNING' AND attempts = $2`,
    [options.task.id, options.task.attempts],
  );
}
