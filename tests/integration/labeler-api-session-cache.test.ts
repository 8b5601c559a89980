/**
 * The labeler API keeps decoded session cookies (lib/auth/require-labeler-access.ts: decoding
 * derives a key and decrypts, for the same cookie on every request). What the cache may not change:
 * a cookie sealed with another secret never decodes, a cached cookie past its expiry is refused,
 * and a user deactivated or signed out everywhere while their cookie is cached is refused on their
 * next request (the database check runs on every request, cached or not). The routes are called as
 * Next calls them, against a real PostgreSQL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertMemberships, insertProject } from '@/lib/builders/build-project';
import { insertItems } from '@/lib/builders/insert-items';
import { insertUsers, type InsertedUser } from '@/lib/builders/insert-users';
import { mintSessionCookie } from '@/lib/builders/mint-session-cookie';
import { getPgPool } from '@/lib/db';
import { getEnv } from '@/lib/env';

const nextTask = await import('@/app/api/v1/projects/[projectId]/tasks/next/route');
const submit = await import('@/app/api/v1/projects/[projectId]/assignments/[assignmentId]/submit/route');

const BASE = 'http://app.test';
let projectId = '';

async function labeler(): Promise<InsertedUser> {
  const [u] = await insertUsers({ pool: getPgPool(), count: 1, role: 'LABELER', email: () => `${randomUUID()}@session-cache.test` });
  if (!u) throw new Error('no user');
  await insertMemberships({ projectId, userIds: [u.id] });
  return u;
}

const post = (cookie: string, path: string, body?: string) =>
  new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: { cookie, host: 'app.test', origin: BASE, 'content-type': 'application/json' },
    body,
  });

async function claim(cookie: string) {
  const response = await nextTask.POST(post(cookie, `/api/v1/projects/${projectId}/tasks/next`), {
    params: Promise.resolve({ projectId }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { error?: string; task?: { assignmentId: string; responses: { id: string }[] } },
  };
}

async function submitTask(cookie: string, task: { assignmentId: string; responses: { id: string }[] }) {
  const body = { ranking: task.responses.map((r) => [r.id]), allUnacceptable: false, ratings: [], promptFlags: [], durationMs: 1000 };
  const response = await submit.POST(
    post(cookie, `/api/v1/projects/${projectId}/assignments/${task.assignmentId}/submit`, JSON.stringify(body)),
    {
      params: Promise.resolve({ projectId, assignmentId: task.assignmentId }),
    },
  );
  return { status: response.status, body: (await response.json()) as { error?: string; judgmentId?: string } };
}

const judgments = async (userId: string) =>
  (await getPgPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM judgments WHERE "userId" = $1`, [userId])).rows[0]?.n;

beforeAll(async () => {
  projectId = await insertProject({ pool: getPgPool(), name: `Session cache ${randomUUID().slice(0, 8)}`, overlap: 3 });
  await insertItems({ pool: getPgPool(), projectId, count: 20, prompt: (n) => `Q${n}`, responses: () => [{ text: 'a' }, { text: 'b' }] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('decoded session cookies are kept without changing who gets in', () => {
  it('a cookie sealed with another secret is refused, before and after the same user’s own cookie was decoded', async () => {
    const u = await labeler();
    const foreign = await mintSessionCookie({ user: u, secret: randomBytes(32).toString('hex') });
    expect((await claim(foreign)).status).toBe(401);
    const own = await mintSessionCookie({ user: u, secret: getEnv().NEXTAUTH_SECRET });
    expect((await claim(own)).status).toBe(200);
    const again = await claim(foreign);
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('You are signed out: sign in again');
  });

  it('a cached cookie is refused once it has expired (on the claim and on the submit); nothing is written', async () => {
    const u = await labeler();
    const cookie = await mintSessionCookie({ user: u, secret: getEnv().NEXTAUTH_SECRET, maxAgeSeconds: 60 });
    const first = await claim(cookie); // decoded and kept
    expect(first.status).toBe(200);
    const task = first.body.task;
    if (!task) throw new Error('no task');
    // Only Date is faked: the cookie's exp is 60 s away, next-auth's tolerance 15 s.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 120_000);
    expect((await claim(cookie)).status).toBe(401);
    expect((await submitTask(cookie, task)).status).toBe(401);
    expect(await judgments(u.id)).toBe(0);
    vi.useRealTimers();
    expect((await claim(cookie)).status).toBe(200); // the same cookie before its expiry is still good
  });

  it('a deactivated user, or one whose sessions were revoked, is refused at once although the cookie is cached', async () => {
    const deactivated = await labeler();
    const revoked = await labeler();
    const cookies = await Promise.all([deactivated, revoked].map((user) => mintSessionCookie({ user, secret: getEnv().NEXTAUTH_SECRET })));
    const tasks = [];
    for (const cookie of cookies) {
      const claimed = await claim(cookie);
      expect(claimed.status).toBe(200);
      tasks.push(claimed.body.task);
    }
    await getPgPool().query(`UPDATE users SET active = false WHERE id = $1`, [deactivated.id]);
    await getPgPool().query(`UPDATE users SET "sessionVersion" = "sessionVersion" + 1 WHERE id = $1`, [revoked.id]);
    for (const [i, cookie] of cookies.entries()) {
      const task = tasks[i];
      if (!task) throw new Error('no task');
      expect((await claim(cookie)).status).toBe(401);
      expect((await submitTask(cookie, task)).status).toBe(401);
    }
    expect([await judgments(deactivated.id), await judgments(revoked.id)]).toEqual([0, 0]);
  });
});
