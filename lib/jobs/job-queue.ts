import PgBoss from 'pg-boss';
import type pg from 'pg';
import { getPgPool } from '@/lib/db';
import { JOB_SCHEMA } from '@/lib/jobs/job-schema';
import { log } from '@/lib/log';

/**
 * pg-boss's database interface over a pool or one connection. A statement pg-boss sends as a
 * multi-statement string with its own BEGIN (schema installs, queue creation) is rolled back
 * when it fails, so a pooled connection never goes back to the app in an aborted transaction.
 */
export function jobSql(db: pg.Pool | pg.ClientBase): PgBoss.Db {
  if (!('totalCount' in db)) return { executeSql: (text, values) => db.query(text, values) };
  return {
    async executeSql(text, values) {
      const client = await db.connect();
      try {
        return await client.query(text, values);
      } catch (error) {
        if (/\bBEGIN\b/.test(text)) await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** pg-boss on the app's one pool (lib/db.ts): no connections of its own. */
export function createBoss(options: PgBoss.ConstructorOptions = {}): PgBoss {
  const boss = new PgBoss({ db: jobSql(getPgPool()), schema: JOB_SCHEMA, ...options });
  boss.on('error', (error) => log.warn('job queue error', { error }));
  return boss;
}

const globalForJobs = globalThis as unknown as { jobQueue?: Promise<PgBoss> };

/**
 * The process's pg-boss for sending jobs (web requests, the CLI, tests), started on first use:
 * installs or migrates pg-boss's schema under its advisory lock, runs no timers. Workers run in
 * a boss of their own (startJobWorkers).
 */
export function getJobQueue(): Promise<PgBoss> {
  globalForJobs.jobQueue ??= createBoss({ supervise: false, schedule: false, migrate: true })
    .start()
    .catch((error: unknown) => {
      globalForJobs.jobQueue = undefined;
      throw error;
    });
  return globalForJobs.jobQueue;
}
