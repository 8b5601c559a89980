import type PgBoss from 'pg-boss';
import type { JobKind } from '@/lib/jobs/define-job';

// Queues are rows in pg-boss's schema; creating one is idempotent. This set only spares the round trip.
const created = new WeakMap<PgBoss, Set<string>>();

/** Creates the job's queue in pg-boss when this boss has not yet (idempotent in the database). */
export async function ensureJobQueue(boss: PgBoss, job: Pick<JobKind, 'name' | 'queue'>): Promise<void> {
  let names = created.get(boss);
  if (!names) created.set(boss, (names = new Set()));
  if (names.has(job.name)) return;
  await boss.createQueue(job.name, { name: job.name, ...job.queue });
  names.add(job.name);
}
