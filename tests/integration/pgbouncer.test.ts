/**
 * The app through PgBouncer in transaction mode (issue 29): every app connection of this file goes
 * through a real PgBouncer (Debian's 1.18) with two server connections handed out in turn
 * (server_round_robin), so two consecutive transactions of one pooled connection always run on
 * different server connections, and the app's four connections share the two. Nothing may rely on
 * state a server connection kept from an earlier transaction: prepared statements (SQL PREPARE for
 * the opening's EXECUTE, pg's named statements), session settings, session locks. Direct mode keeps
 * its prepared statements (the rest of the suite); here DATABASE_POOLER=transaction.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASPECTS } from '@/lib/aspects/schemas';
import { buildProject, insertMemberships, insertProject } from '@/lib/builders/build-project';
import { insertItems } from '@/lib/builders/insert-items';
import { insertUsers, type InsertedUser } from '@/lib/builders/insert-users';
import { mintSessionCookie } from '@/lib/builders/mint-session-cookie';
import { getProgressSummary } from '@/lib/dashboard/get-progress-summary';
import { getAgreementSummary } from '@/lib/dashboard/get-agreement-summary';
import { getModelScores } from '@/lib/dashboard/get-model-scores';
import { getPgPool, withTransaction } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { jobSql } from '@/lib/jobs/job-queue';
import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { recomputeStats } from '@/lib/judgments/recompute-stats';
import { claimNextTask, submitRanking as submitRankingDirect } from '@/lib/tasks/kinds/rank';
import { startPgBouncer } from '../../scripts/lib/pgbouncer';
import { testDatabaseUrl } from '../helpers/database-per-file';

const bouncer = await startPgBouncer({ serverUrl: testDatabaseUrl, poolSize: 2, roundRobin: true });
process.env.DATABASE_URL = bouncer.url;
process.env.DATABASE_POOLER = 'transaction';
process.env.DB_POOL_SIZE = '4';
afterAll(() => bouncer.stop());

const nextTask = await import('@/app/api/v1/projects/[projectId]/tasks/next/route');
const submit = await import('@/app/api/v1/projects/[projectId]/assignments/[assignmentId]/submit/route');
const { default: PgBoss } = await import('pg-boss');

const BASE = 'http://app.test';
let projectId = '';

type Task = { assignmentId: string; responses: { id: string }[] };

const post = (cookie: string, path: string, body?: string) =>
  new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: { cookie, host: 'app.test', origin: BASE, 'content-type': 'application/json' },
    body,
  });

async function labelers(count: number): Promise<(InsertedUser & { cookie: string })[]> {
  const users = await insertUsers({ pool: getPgPool(), count, role: 'LABELER', email: () => `${randomUUID()}@pooler.test` });
  await insertMemberships({ projectId, userIds: users.map((u) => u.id) });
  return Promise.all(users.map(async (u) => ({ ...u, cookie: await mintSessionCookie({ user: u, secret: getEnv().NEXTAUTH_SECRET }) })));
}

async function claim(u: { cookie: string }): Promise<{ status: number; task?: Task; error?: string }> {
  const response = await nextTask.POST(post(u.cookie, `/api/v1/projects/${projectId}/tasks/next`), {
    params: Promise.resolve({ projectId }),
  });
  const body = (await response.json()) as { task?: Task; error?: string };
  return { status: response.status, ...body };
}

async function submitRanking(u: { cookie: string }, task: Task) {
  const body = { ranking: task.responses.map((r) => [r.id]), allUnacceptable: false, ratings: [], promptFlags: [], durationMs: 1000 };
  const url = `/api/v1/projects/${projectId}/assignments/${task.assignmentId}/submit`;
  const response = await submit.POST(post(u.cookie, url, JSON.stringify(body)), {
    params: Promise.resolve({ projectId, assignmentId: task.assignmentId }),
  });
  return { status: response.status, body: (await response.json()) as { error?: string; judgmentId?: string; duplicate?: boolean } };
}

/** The server connection (backend pid) each of `n` consecutive transactions of one pooled connection ran on. */
async function backends(n: number): Promise<number[]> {
  const pids: number[] = [];
  for (let i = 0; i < n; i++)
    pids.push(await withTransaction(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid));
  return pids;
}

beforeAll(async () => {
  // Both server connections open (two transactions at once), so the round robin alternates between them from here on.
  await Promise.all([0, 1].map(() => withTransaction((c) => c.query('SELECT pg_sleep(0.05)'))));
  projectId = await insertProject({ pool: getPgPool(), name: `Pooler ${randomUUID().slice(0, 8)}`, overlap: 3 });
  await insertItems({
    pool: getPgPool(),
    projectId,
    count: 30,
    prompt: (n) => `Q${n}`,
    responses: () => [{ text: 'a' }, { text: 'b' }, { text: 'c' }],
  });
});

describe('through PgBouncer in transaction mode', () => {
  it('consecutive transactions of one connection run on different server connections (the premise of this file)', async () => {
    const pids = await backends(4);
    expect(new Set(pids).size).toBe(2);
    expect(pids[0]).not.toBe(pids[1]);
    expect(pids[2]).toBe(pids[0]);
  });

  it('claims and submits one after another, each on another server connection than the last: all served, each judgment once', async () => {
    const people = await labelers(3);
    const tasks: Task[] = [];
    for (const person of people) {
      const claimed = await claim(person);
      expect(claimed).toMatchObject({ status: 200 });
      tasks.push(claimed.task as Task);
    }
    // The same labeler again: their live task, as the claim's EXECUTE'd payload read returns it.
    expect((await claim(people[0]!)).task?.assignmentId).toBe(tasks[0]?.assignmentId);
    const results = [];
    for (const [i, person] of people.entries()) results.push(await submitRanking(person, tasks[i]!));
    const again = await submitRanking(people[0]!, tasks[0]!);

    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.every((r) => r.body.duplicate === false)).toBe(true);
    expect(again).toMatchObject({ status: 200, body: { judgmentId: results[0]?.body.judgmentId, duplicate: true } });
    const { rows } = await getPgPool().query<{ n: number; stats: number }>(
      `SELECT count(*)::int AS n, count(s."itemId")::int AS stats FROM judgments j LEFT JOIN item_stats s ON s."itemId" = j."itemId" WHERE j."assignmentId" = ANY($1::uuid[])`,
      [tasks.map((t) => t.assignmentId)],
    );
    // One judgment per assignment, each item's stats written in the submit's own transaction.
    expect(rows[0]).toEqual({ n: 3, stats: 3 });
  });

  it('twelve labelers claiming and submitting at once over four app connections sharing two server connections', async () => {
    const people = await labelers(12);
    const outcomes = await Promise.all(
      people.map(async (person) => {
        const claimed = await claim(person);
        if (claimed.status !== 200 || !claimed.task) return `claim ${claimed.status} ${claimed.error ?? ''}`;
        const submitted = await submitRanking(person, claimed.task);
        return submitted.status === 200 && submitted.body.duplicate === false
          ? 'ok'
          : `submit ${submitted.status} ${submitted.body.error ?? ''}`;
      }),
    );

    expect(outcomes).toEqual(people.map(() => 'ok'));
    const { rows } = await getPgPool().query<{ n: number; twice: number }>(
      `SELECT count(*)::int AS n, (SELECT count(*) FROM (SELECT "itemId" FROM judgments WHERE "userId" = ANY($1::uuid[]) GROUP BY "itemId", "userId" HAVING count(*) > 1) d)::int AS twice
       FROM judgments WHERE "userId" = ANY($1::uuid[])`,
      [people.map((p) => p.id)],
    );
    expect(rows[0]).toEqual({ n: 12, twice: 0 });
  });

  it('the recompute (pg named statements) and the dashboard reads give the figures of the judgments stored', async () => {
    const recomputed = await refreshProjectStats({ projectId, all: true });
    const again = await withTransaction(async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT DISTINCT "itemId" AS id FROM judgments j JOIN items i ON i.id = j."itemId" WHERE i."projectId" = $1`,
        [projectId],
      );
      return recomputeStats(
        client,
        rows.map((r) => r.id),
      );
    });
    const progress = await getProgressSummary({ projectId });
    const agreement = await getAgreementSummary({ projectId });
    const scores = await getModelScores({ projectId });
    const { rows } = await getPgPool().query<{ judgments: number; items: number }>(
      `SELECT count(*)::int AS judgments, count(DISTINCT j."itemId")::int AS items FROM judgments j JOIN items i ON i.id = j."itemId" WHERE i."projectId" = $1`,
      [projectId],
    );

    expect(rows[0]?.judgments).toBe(15);
    expect(recomputed).toBeGreaterThanOrEqual(0);
    expect(again.length).toBe(rows[0]?.items);
    expect(again.reduce((sum, s) => sum + s.judgments.length, 0)).toBe(15);
    expect(progress.itemsTotal).toBe(30);
    expect(progress.itemsComplete + progress.itemsInProgress + progress.itemsUntouched).toBe(30);
    expect(progress.itemsInProgress + progress.itemsComplete).toBe(rows[0]?.items);
    expect(agreement).toBeTruthy();
    expect(scores).toBeTruthy();
  });

  it('a ranking with ratings and aspect answers (the judgment insert with aspects, inlined) is stored as sent; a repeat is its duplicate', async () => {
    const project = await buildProject({ overlap: 1, settings: { aspects: { enabled: true, list: DEFAULT_ASPECTS } } });
    const [user] = await insertUsers({ pool: getPgPool(), count: 1, role: 'LABELER', email: () => `${randomUUID()}@pooler.test` });
    const userId = user?.id ?? '';
    await insertItems({
      pool: getPgPool(),
      projectId: project.id,
      count: 1,
      prompt: () => 'Q',
      responses: () => [{ text: 'a' }, { text: 'b' }],
    });
    const task = await claimNextTask({ projectId: project.id, userId });
    const [a, b] = (task?.shownOrder ?? []) as [string, string];
    const aspects = DEFAULT_ASPECTS.map((x, i) => ({ aspect: x.name, sameAsOverall: i > 0, ranking: i > 0 ? null : [[b], [a]] }));
    const ratings = [{ responseId: a, likert: 6, flags: [], flaws: [] }];
    const input = {
      assignmentId: task?.assignmentId ?? '',
      ranking: [[a], [b]],
      allUnacceptable: false,
      ratings,
      promptFlags: [],
      durationMs: 7,
      aspects,
    };

    const first = await submitRankingDirect({ userId, projectId: project.id, input });
    const again = await submitRankingDirect({ userId, projectId: project.id, input });

    expect(again).toEqual({ judgmentId: first.judgmentId, duplicate: true });
    const { rows } = await getPgPool().query<{ ranking: string[][]; durationMs: number; likert: number; aspects: number; own: unknown }>(
      `SELECT j.ranking, j."durationMs", (SELECT likert FROM response_ratings WHERE "judgmentId" = j.id) AS likert,
              (SELECT count(*)::int FROM judgment_aspects WHERE "judgmentId" = j.id) AS aspects,
              (SELECT ranking FROM judgment_aspects WHERE "judgmentId" = j.id AND NOT "sameAsOverall") AS own
       FROM judgments j WHERE j.id = $1`,
      [first.judgmentId],
    );
    expect(rows[0]).toEqual({ ranking: [[a], [b]], durationMs: 7, likert: 6, aspects: DEFAULT_ASPECTS.length, own: [[b], [a]] });
  });

  it("pg-boss installs its schema and queues and fetches a job through the pooler (one transaction each, under a transaction's lock)", async () => {
    const boss = new PgBoss({
      db: jobSql(getPgPool()),
      schema: `pooler_boss_${randomUUID().slice(0, 8)}`,
      supervise: false,
      schedule: false,
      migrate: true,
    });
    boss.on('error', () => undefined);
    await boss.start();
    try {
      await boss.createQueue('pooler-test');
      const id = await boss.send('pooler-test', { n: 1 });
      const [job] = await boss.fetch<{ n: number }>('pooler-test');
      expect(job).toMatchObject({ id, data: { n: 1 } });
    } finally {
      await boss.stop({ graceful: false, close: false });
    }
  });

  it('leaves no prepared statement and no session advisory lock on any server connection', async () => {
    const seen = await Promise.all(
      [0, 1, 2, 3].map(() =>
        withTransaction(async (c) => {
          const { rows } = await c.query<{ pid: number; prepared: number; locks: number }>(
            `SELECT pg_backend_pid() AS pid, (SELECT count(*) FROM pg_prepared_statements)::int AS prepared,
                    (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())::int AS locks`,
          );
          await c.query('SELECT pg_sleep(0.05)');
          return rows[0]!;
        }),
      ),
    );
    expect(new Set(seen.map((s) => s.pid)).size).toBe(2);
    expect(seen.map(({ prepared, locks }) => ({ prepared, locks }))).toEqual(seen.map(() => ({ prepared: 0, locks: 0 })));
  });
});

describe('PgBouncer itself', () => {
  it('refuses a startup parameter it does not know: a session setting in the URL (options=-c …) fails every connection', async () => {
    const url = new URL(bouncer.url);
    url.searchParams.set('options', '-c statement_timeout=5000');
    const client = new pg.Client({ connectionString: url.toString() });
    const refused = await client.connect().then(
      () => null,
      (error: Error) => error.message,
    );
    await client.end().catch(() => undefined);
    expect(refused).toMatch(/unsupported startup parameter: options/);
  });
});
