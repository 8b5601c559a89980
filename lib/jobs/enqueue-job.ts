import type pg from 'pg';
import type { JobKind } from '@/lib/jobs/define-job';
import { ensureJobQueue } from '@/lib/jobs/ensure-job-queue';
import { getJobQueue, jobSql } from '@/lib/jobs/job-queue';

/**
 * Queues a job. With `singletonKey` (e.g. a project id) and a `short` queue, a job already waiting
 * for that key absorbs this one: returns null then, else the new job's id. With `client`, the job
 * is inserted in the caller's transaction and exists only if it commits (an action and the work it
 * leaves for later commit together).
 */
export async function enqueueJob<TData extends object>(
  job: JobKind<TData>,
  data: TData,
  options: { singletonKey?: string; client?: pg.ClientBase; startAfter?: Date } = {},
): Promise<string | null> {
  const boss = await getJobQueue();
  await ensureJobQueue(boss, job);
  return boss.send(job.name, job.data.parse(data), {
    ...(options.singletonKey !== undefined && { singletonKey: options.singletonKey }),
    ...(options.client && { db: jobSql(options.client) }),
    ...(options.startAfter && { startAfter: options.startAfter }),
  });
}
