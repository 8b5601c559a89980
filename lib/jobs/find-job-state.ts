import { getPgPool } from '@/lib/db';
import { getJobQueue } from '@/lib/jobs/job-queue';
import { JOB_SCHEMA } from '@/lib/jobs/job-schema';

export type JobState = {
  /** The oldest job of this key waiting to run (new, or failed and waiting for its retry). */
  queued: { since: Date; retry: boolean } | null;
  /** A job of this key a worker has taken; `since` is when it started. */
  running: { since: Date } | null;
};

/**
 * Whether a job of this kind and singleton key is waiting or running, and since when: one query on
 * pg-boss's job table (the queue's own partition). Reads pg-boss's schema directly (pinned
 * pg-boss 10.4.2; its API has no lookup by key). A job whose process died stays running until
 * it expires and is retried.
 */
export async function findJobState(options: { name: string; singletonKey: string }): Promise<JobState> {
  await getJobQueue(); // pg-boss's schema exists once a boss has started
  const { rows } = await getPgPool().query<{ state: string; since: Date }>(
    `SELECT state::text AS state, min(CASE WHEN state = 'active' THEN started_on ELSE created_on END) AS since
       FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active')
      GROUP BY state`,
    [options.name, options.singletonKey],
  );
  const of = (state: string) => rows.find((r) => r.state === state)?.since;
  const created = of('created');
  const retry = of('retry');
  const active = of('active');
  const queuedSince = [created, retry].filter((d): d is Date => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    queued: queuedSince ? { since: queuedSince, retry: retry !== undefined && queuedSince === retry } : null,
    running: active ? { since: active } : null,
  };
}
