/**
 * The labeler API's claim and submit check access inside their own first round trip (issue 23):
 * the database function labeler_api_access leads the transaction and refuses by failing, so a
 * refused request runs nothing behind it. Refusals are as before — signed out (deactivated, or
 * another session version) 401, not a member 404, a role that does not label 403, in that order
 * and before any answer about the body — and nothing is written. The routes are called as Next
 * calls them, with minted sessions, against a real PostgreSQL; round trips are counted on the pool.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertMemberships, insertProject } from '@/lib/builders/build-project';
import { insertItems } from '@/lib/builders/insert-items';
import { insertUsers, type InsertedUser } from '@/lib/builders/insert-users';
import { mintSessionCookie } from '@/lib/builders/mint-session-cookie';
import { getPgPool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { roundTrips } from '../helpers/round-trips';

const nextTask = await import('@/app/api/v1/projects/[projectId]/tasks/next/route');
const submit = await import('@/app/api/v1/projects/[projectId]/assignments/[assignmentId]/submit/route');

const BASE = 'http://app.test';
let projectId = '';

async function user(role: 'LABELER' | 'RESEARCHER', member = true): Promise<InsertedUser & { cookie: string }> {
  const [u] = await insertUsers({ pool: getPgPool(), count: 1, role, email: () => `${randomUUID()}@guard.test` });
  if (!u) throw new Error('no user');
  if (member) await insertMemberships({ projectId, userIds: [u.id] });
  return { ...u, cookie: await mintSessionCookie({ user: u, secret: getEnv().NEXTAUTH_SECRET }) };
}

const post = (cookie: string, path: string, body?: string) =>
  new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: { cookie, host: 'app.test', origin: BASE, 'content-type': 'application/json' },
    body,
  });

async function claim(u: { cookie: string }) {
  const response = await nextTask.POST(post(u.cookie, `/api/v1/projects/${projectId}/tasks/next`), {
    params: Promise.resolve({ projectId }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { error?: string; task?: { assignmentId: string; responses: { id: string }[] } },
  };
}

async function submitTask(u: { cookie: string }, assignmentId: string, body: unknown) {
  const response = await submit.POST(
    post(u.cookie, `/api/v1/projects/${projectId}/assignments/${assignmentId}/submit`, JSON.stringify(body)),
    {
      params: Promise.resolve({ projectId, assignmentId }),
    },
  );
  return { status: response.status, body: (await response.json()) as { error?: string; judgmentId?: string } };
}

const rankingOf = (task: { responses: { id: string }[] }) => ({
  ranking: task.responses.map((r) => [r.id]),
  allUnacceptable: false,
  ratings: [],
  promptFlags: [],
  durationMs: 1000,
});

const counts = async (userId: string) => {
  const { rows } = await getPgPool().query<{ a: number; j: number }>(
    `SELECT (SELECT count(*) FROM assignments WHERE "userId" = $1)::int AS a, (SELECT count(*) FROM judgments WHERE "userId" = $1)::int AS j`,
    [userId],
  );
  return rows[0];
};

beforeAll(async () => {
  projectId = await insertProject({ pool: getPgPool(), name: `Guard ${randomUUID().slice(0, 8)}`, overlap: 3 });
  await insertItems({
    pool: getPgPool(),
    projectId,
    count: 20,
    prompt: (n) => `Q${n}`,
    responses: () => [{ text: 'a' }, { text: 'b' }, { text: 'c' }],
  });
});

describe('the claim and the submit check access in their first round trip', () => {
  it('a member claims in 2 round trips (opening; pick, insert, payload and COMMIT) and submits in 2; the task is theirs', async () => {
    const u = await user('LABELER');
    await claim(u); // the connection's prepared statements
    const first = await claim(u);
    const task = first.body.task;
    if (!task) throw new Error('no task');
    await submitTask(u, task.assignmentId, rankingOf(task));
    const next = await roundTrips(() => claim(u));
    const nextTask2 = next.result.body.task;
    if (!nextTask2) throw new Error('no second task');
    const done = await roundTrips(() => submitTask(u, nextTask2.assignmentId, rankingOf(nextTask2)));

    expect(next.result.status).toBe(200);
    expect(next.queries).toBe(2);
    expect(done.result.status).toBe(200);
    expect(done.queries).toBe(2);
    expect(await counts(u.id)).toEqual({ a: 2, j: 2 });
  });

  it('refuses at once: deactivated or another session version 401, not a member 404, a researcher 403; nothing written', async () => {
    const active = await user('LABELER');
    const { body } = await claim(active);
    const task = body.task;
    if (!task) throw new Error('no task');
    const deactivated = await user('LABELER');
    const revoked = await user('LABELER');
    const outsider = await user('LABELER', false);
    const researcher = await user('RESEARCHER');
    await getPgPool().query(`UPDATE users SET active = false WHERE id = $1`, [deactivated.id]);
    await getPgPool().query(`UPDATE users SET "sessionVersion" = "sessionVersion" + 1 WHERE id = $1`, [revoked.id]);

    const cases = [
      [deactivated, 401, 'You are signed out: sign in again'],
      [revoked, 401, 'You are signed out: sign in again'],
      [outsider, 404, 'No such project'],
      [researcher, 403, 'Your role (RESEARCHER) does not label'],
    ] as const;
    for (const [u, status, error] of cases) {
      expect(await claim(u)).toEqual({ status, body: { error } });
      // Another labeler's task id, or an invalid body: the access answer comes first either way.
      expect(await submitTask(u, task.assignmentId, rankingOf(task))).toEqual({ status, body: { error } });
      expect(await submitTask(u, task.assignmentId, { ranking: 'nonsense' })).toEqual({ status, body: { error } });
      expect(await counts(u.id)).toEqual({ a: 0, j: 0 });
    }
    // The refused requests left the pool's connections usable.
    expect((await submitTask(active, task.assignmentId, rankingOf(task))).status).toBe(200);
  });
});
