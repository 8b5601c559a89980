/**
 * Issue 23: job workers stop on SIGTERM (lib/jobs/start-job-workers.ts, stopJobWorkersOnSignals,
 * as instrumentation.ts sets it up in every app instance): a running job is not left "active"
 * until its expiry, it goes back to the queue at once, to be retried by another worker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertJudgments, insertMemberships, insertUsers } from '@/lib/builders';
import { setMemberExcluded } from '@/lib/dashboard/set-member-excluded';
import { getPgPool, withTransaction } from '@/lib/db';
import { findJobState } from '@/lib/jobs/find-job-state';
import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { statsRefreshJob } from '@/lib/judgments/stats-refresh-job';
import { drainJobs } from '../helpers/drain-jobs';

const root = path.resolve(import.meta.dirname, '../..');
const workers: ChildProcess[] = [];
afterEach(() => workers.forEach((w) => w.exitCode === null && w.signalCode === null && w.kill('SIGKILL')));

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, limitMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('job workers on SIGTERM', () => {
  it('hand a running job back to the queue and exit, instead of leaving it active until it expires', { timeout: 120_000 }, async () => {
    const project = await buildProject({ name: 'Signal', overlap: 2 });
    const users = await insertUsers({ count: 2, name: (n) => `Signal ${n}` });
    await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
    const items = await insertItems({ projectId: project.id, count: 20, prompt: 'q', responses: [{ text: 'a' }, { text: 'bb' }] });
    await insertJudgments({
      projectId: project.id,
      judgments: items.flatMap((item) =>
        users.map((u) => ({
          itemId: item.id,
          userId: u.id,
          shownOrder: item.responses.map((r) => r.id),
          ranking: item.responses.map((r) => [r.id]),
        })),
      ),
    });
    await refreshProjectStats({ projectId: project.id, all: true });
    const [lead] = await insertUsers({ count: 1, role: 'LEAD', name: () => 'Signal Lead' });
    await setMemberExcluded({ actorId: lead!.id, projectId: project.id, userId: users[0]!.id, excluded: true });
    const state = () => findJobState({ name: statsRefreshJob.name, singletonKey: project.id });
    expect((await state()).queued).not.toBeNull();

    // The job's first batch waits for the project's lock, held here: the job stays running.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = withTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(7, hashtext($1))', [project.id]);
      locked();
      await held;
    });
    await isLocked;
    const worker = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/job-worker-process.ts', '5'], {
      cwd: root,
      env: { ...process.env, DB_POOL_SIZE: '3', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    workers.push(worker);
    const exited = new Promise<number | null>((r) => worker.once('exit', (code) => r(code)));
    await until('the job to run', state, (s) => s.running !== null);

    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Handed back: waiting for its retry, not running.
    const after = await state();
    expect(after.running).toBeNull();
    expect(after.queued).toMatchObject({ retry: true });
    release();
    await holder;
    // Once its retry delay has passed (a few seconds; moved here), any worker finishes it.
    await getPgPool().query(`UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND state = 'retry'`, [statsRefreshJob.name]);
    await drainJobs();
    expect(await state()).toEqual({ queued: null, running: null });
  });
});
