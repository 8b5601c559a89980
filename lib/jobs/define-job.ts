import type PgBoss from 'pg-boss';
import type { z } from 'zod';

/**
 * A kind of background job: its queue (pg-boss policy, retries, expiry) and the shape of its data.
 * The domain that asks for the work defines it (lib/judgments/stats-refresh-job.ts) and enqueues
 * it; the handler that does the work may live on a higher floor (lib/dashboard/run-stats-refresh.ts),
 * and app-jobs.ts lists the handlers every worker runs.
 */
export type JobKind<TData extends object = object> = {
  name: string;
  /**
   * pg-boss queue options. `short`: at most one job waiting per singleton key (a second send while
   * one waits is a no-op), any number running; `expireInSeconds` is how long a job may run before
   * it counts as lost (its process died) and is retried, up to `retryLimit` times.
   */
  queue: Required<Pick<PgBoss.Queue, 'policy' | 'retryLimit' | 'retryDelay' | 'retryBackoff' | 'expireInSeconds'>>;
  data: z.ZodType<TData>;
};

/** What a worker runs for a job of this kind. */
export type JobHandler<TData extends object = object> = {
  kind: JobKind<TData>;
  run: (data: TData, job: { id: string }) => Promise<void>;
};

/** A list of handlers of different kinds (each pairs its kind's data with its run). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry's TData is checked where it is made (handleJob)
export type AnyJobHandler = JobHandler<any>;

/** Names a job kind's type (so data and handlers agree) without a class. */
export function defineJobKind<TData extends object>(kind: JobKind<TData>): JobKind<TData> {
  return kind;
}

/** Pairs a job kind with the function that does its work. */
export function handleJob<TData extends object>(kind: JobKind<TData>, run: JobHandler<TData>['run']): JobHandler<TData> {
  return { kind, run };
}
