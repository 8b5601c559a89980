/**
 * Issue 23, item 2: recomputes leave the request path. An exclusion returns before any item is
 * recomputed; the background job (pg-boss, lib/dashboard/run-stats-refresh.ts) is resumable after
 * a crash (a worker process SIGKILLed mid-way, its job retried by pg-boss once expired, continuing
 * from what is still out of date: every item recomputed exactly once, figures equal to a recompute
 * from scratch); the freshness the dashboard shows is true before, during and after; an export
 * made meanwhile already leaves the excluded labels out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertJudgments, insertMemberships, insertUsers } from '@/lib/builders';
import { buildSnapshot } from '@/lib/builders/build-snapshot';
import { setMemberExcluded } from '@/lib/dashboard/set-member-excluded';
import { getDb, getPgPool, withTransaction } from '@/lib/db';
import { getStatsFreshness } from '@/lib/judgments/get-stats-freshness';
import { recomputeOutOfDateStats } from '@/lib/judgments/recompute-out-of-date-stats';
import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { drainJobs } from '../helpers/drain-jobs';

const root = path.resolve(import.meta.dirname, '../..');

/** A project of `items` items (three responses) judged by `labelers` members named "<name> 1"…, every stored number current. */
async function judgedProject(options: { items: number; labelers: number; name: string }) {
  const project = await buildProject({ name: options.name, overlap: options.labelers });
  const users = await insertUsers({ count: options.labelers, name: (n) => `${options.name} ${n}` });
  await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
  const items = await insertItems({
    projectId: project.id,
    count: options.items,
    externalId: (n) => `it-${n}`,
    prompt: 'q',
    responses: ['a', 'bb', 'ccc'].map((text, m) => ({ text, modelId: `m${m}` })),
  });
  await insertJudgments({
    projectId: project.id,
    judgments: items.flatMap((item, n) =>
      users.map((u, l) => {
        const [a, b, c] = item.responses.map((r) => r.id) as [string, string, string];
        // Labeler 1 disagrees with the others on every other item.
        const ranking = l === 0 && n % 2 === 0 ? [[c], [b], [a]] : [[a], [b], [c]];
        return { itemId: item.id, userId: u.id, shownOrder: [a, b, c], ranking };
      }),
    ),
  });
  const [lead] = await insertUsers({ count: 1, role: 'LEAD', name: () => `${options.name} Lead` });
  await refreshProjectStats({ projectId: project.id, all: true });
  return { projectId: project.id, users: users.map((u) => u.id), leadId: lead!.id };
}

async function storedNumbers(projectId: string) {
  const items = await getPgPool().query(`SELECT * FROM item_stats WHERE "projectId" = $1 ORDER BY "itemId"`, [projectId]);
  const judgments = await getPgPool().query(`SELECT * FROM judgment_stats WHERE "projectId" = $1 ORDER BY "judgmentId"`, [projectId]);
  const games = await getPgPool().query(`SELECT * FROM item_model_games WHERE "projectId" = $1 ORDER BY "itemId", "modelA", "modelB"`, [
    projectId,
  ]);
  return {
    items: items.rows.map(({ computedAt: _c, ...rest }: Record<string, unknown>) => rest),
    judgments: judgments.rows,
    games: games.rows,
  };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, limitMs = 90_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const workers: ChildProcess[] = [];
afterEach(() => workers.forEach((w) => w.exitCode === null && w.signalCode === null && w.kill('SIGKILL')));

/** A worker in a process of its own (tests/helpers/job-worker-process.ts), on this file's database. */
async function startWorker(batchSize: number): Promise<ChildProcess> {
  // node with tsx's loader, not the tsx CLI: the CLI runs the script in a child process that a SIGKILL of the CLI would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/job-worker-process.ts', String(batchSize)], {
    cwd: root,
    env: { ...process.env, DB_POOL_SIZE: '3', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  workers.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
  return child;
}

const progressRow = (projectId: string) => getDb().statsRefresh.findUnique({ where: { projectId } });

describe('background recompute', () => {
  it('a worker killed mid-way: the job is retried, goes on from what is left, and every figure equals a recompute from scratch', async () => {
    const ITEMS = 3000;
    const s = await judgedProject({ items: ITEMS, labelers: 3, name: 'Crash' });
    const excluded = s.users[0]!;
    const before = await storedNumbers(s.projectId);

    expect(await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: excluded, excluded: true })).toEqual({
      excluded: true,
      items: ITEMS,
    });
    // Nothing recomputed yet: the flag, its audit row and the queued job are all the request did.
    expect((await storedNumbers(s.projectId)).judgments).toEqual(before.judgments);
    const queued = await getStatsFreshness({ projectId: s.projectId });
    expect(queued).toMatchObject({ outOfDate: ITEMS, staleItems: 0, progress: null, job: { running: null } });
    expect(queued.job.queued).not.toBeNull();
    expect(queued.labelers).toEqual([{ userId: excluded, name: 'Crash 1', excluded: true, items: ITEMS }]);

    const first = await startWorker(20);
    await until(
      'some batches',
      () => progressRow(s.projectId),
      (row) => (row?.done ?? 0) >= 200,
    );
    // Stop the worker between two batches (it waits for the project's lock), then kill it there.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = withTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(7, hashtext($1))', [s.projectId]);
      locked();
      await held;
    });
    await isLocked;
    const mid = await getStatsFreshness({ projectId: s.projectId });
    const done = mid.progress!.done;
    expect(done).toBeGreaterThanOrEqual(200);
    expect(done).toBeLessThan(ITEMS);
    expect(done % 20).toBe(0);
    expect(mid).toMatchObject({ outOfDate: ITEMS - done, progress: { done, total: ITEMS } });
    expect(mid.labelers).toEqual([{ userId: excluded, name: 'Crash 1', excluded: true, items: ITEMS - done }]);
    expect(mid.job.running).not.toBeNull();

    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    release();
    await holder;
    // The dead worker's job still looks running; once its expiry has passed, pg-boss retries it.
    const { rows: lost } = await getPgPool().query<{ id: string }>(
      `UPDATE pgboss.job SET started_on = now() - interval '1 hour' WHERE name = 'stats-refresh' AND state = 'active' RETURNING id`,
    );
    expect(lost).toHaveLength(1);
    expect((await progressRow(s.projectId))!.done).toBe(done);

    const second = await startWorker(20);
    const after = await until(
      'the retried job to finish',
      () => getStatsFreshness({ projectId: s.projectId }),
      (f) => f.outOfDate === 0 && !f.job.queued && !f.job.running,
    );
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    expect(after).toMatchObject({ outOfDate: 0, staleItems: 0, labelers: [], progress: null });
    const { rows: job } = await getPgPool().query(`SELECT state::text, retry_count FROM pgboss.job WHERE id = $1`, [lost[0]!.id]);
    expect(job).toEqual([{ state: 'completed', retry_count: 1 }]);
    // Every item recomputed once over the two runs: none lost, none done twice.
    expect(await progressRow(s.projectId)).toMatchObject({ done: ITEMS, finishedAt: expect.any(Date) });

    const background = await storedNumbers(s.projectId);
    expect(background.judgments.filter((j) => j.userId === excluded).every((j) => j.userExcluded && !j.counted)).toBe(true);
    expect(background.judgments).not.toEqual(before.judgments);
    expect(await refreshProjectStats({ projectId: s.projectId, all: true })).toBe(ITEMS);
    expect(await storedNumbers(s.projectId)).toEqual(background);
  }, 240_000);

  it('exclusion returns before the recompute; the freshness shown is true during and after; an export made meanwhile leaves the labels out', async () => {
    const s = await judgedProject({ items: 60, labelers: 3, name: 'Fresh' });
    const [first, second] = s.users as [string, string];
    expect(await getStatsFreshness({ projectId: s.projectId })).toMatchObject({
      outOfDate: 0,
      staleItems: 0,
      labelers: [],
      job: { queued: null, running: null },
      progress: null,
    });
    const fullExport = await buildSnapshot({ projectId: s.projectId, actorId: s.leadId, request: { format: 'rankings' } });

    await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: first, excluded: true });
    await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: second, excluded: true });
    // An export started now reads memberships.excluded in its own snapshot: the labels are out already.
    const meanwhile = await buildSnapshot({ projectId: s.projectId, actorId: s.leadId, request: { format: 'rankings' } });
    expect(meanwhile.judgments).toBe(60);
    expect(fullExport.judgments).toBe(180);

    // Part of the work done (one batch of 25), as a job cut short leaves it.
    expect(await recomputeOutOfDateStats({ projectId: s.projectId, batchSize: 25, budgetMs: 0 })).toEqual({
      recomputed: 25,
      finished: false,
    });
    const during = await getStatsFreshness({ projectId: s.projectId });
    expect(during.outOfDate).toBe(35);
    expect(during.progress).toMatchObject({ done: 25, total: 60 });
    expect(during.labelers).toEqual([
      { userId: first, name: 'Fresh 1', excluded: true, items: 35 },
      { userId: second, name: 'Fresh 2', excluded: true, items: 35 },
    ]);
    expect(during.job.queued).not.toBeNull();

    // Included again before the job ran: its labels are now "not yet included", the other still "not yet excluded".
    await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: first, excluded: false });
    const flipped = await getStatsFreshness({ projectId: s.projectId });
    expect(flipped.labelers).toEqual([
      { userId: first, name: 'Fresh 1', excluded: false, items: 25 },
      { userId: second, name: 'Fresh 2', excluded: true, items: 35 },
    ]);
    expect(flipped.outOfDate).toBe(60);
    expect(flipped.progress).toMatchObject({ done: 25, total: 85 });

    // Items imported behind the app's back are counted apart.
    await getPgPool().query(
      `UPDATE item_stats SET stale = true WHERE "itemId" IN (SELECT "itemId" FROM item_stats WHERE "projectId" = $1 LIMIT 3)`,
      [s.projectId],
    );
    expect((await getStatsFreshness({ projectId: s.projectId })).staleItems).toBe(3);

    expect(await drainJobs()).toBe(1);
    expect(await getStatsFreshness({ projectId: s.projectId })).toMatchObject({
      outOfDate: 0,
      staleItems: 0,
      labelers: [],
      job: { queued: null, running: null },
      progress: null,
    });
    const stored = await getPgPool().query<{ userId: string; counted: boolean }>(
      `SELECT "userId", bool_and(counted) AS counted FROM judgment_stats WHERE "projectId" = $1 GROUP BY "userId"`,
      [s.projectId],
    );
    expect(new Map(stored.rows.map((r) => [r.userId, r.counted]))).toEqual(new Map(s.users.map((u) => [u, u !== second])));
    // Nothing out of date: a dashboard read queues nothing.
    expect(await refreshProjectStats({ projectId: s.projectId })).toBe(0);
    expect(await drainJobs()).toBe(0);
  }, 120_000);
});
