/**
 * The labeler API with aspects (issue 27): the claimed task names the aspects, a submit without an
 * aspect or with a malformed answer is a 400 naming the field, a complete one is stored, once.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ASPECTS } from '@/lib/aspects/schemas';
import { insertMemberships, insertProject } from '@/lib/builders/build-project';
import { insertItems } from '@/lib/builders/insert-items';
import { insertUsers } from '@/lib/builders/insert-users';
import { mintSessionCookie } from '@/lib/builders/mint-session-cookie';
import { getPgPool } from '@/lib/db';
import { getEnv } from '@/lib/env';

const nextTask = await import('@/app/api/v1/projects/[projectId]/tasks/next/route');
const submit = await import('@/app/api/v1/projects/[projectId]/assignments/[assignmentId]/submit/route');
const BASE = 'http://app.test';

const post = (cookie: string, path: string, body?: string) =>
  new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: { cookie, host: 'app.test', origin: BASE, 'content-type': 'application/json' },
    body,
  });

describe('the labeler API with aspects', () => {
  it('names the aspects, refuses a missing or malformed answer naming the field, stores a complete submit once', async () => {
    const pool = getPgPool();
    const projectId = await insertProject({
      pool,
      name: `Aspects ${randomUUID().slice(0, 8)}`,
      overlap: 1,
      settings: { aspects: { enabled: true, list: DEFAULT_ASPECTS } },
    });
    await insertItems({ pool, projectId, count: 1, responses: 3 });
    const [u] = await insertUsers({ pool, count: 1, email: () => `${randomUUID()}@aspects.test` });
    await insertMemberships({ projectId, userIds: [u!.id] });
    const cookie = await mintSessionCookie({ user: u!, secret: getEnv().NEXTAUTH_SECRET });

    const claimed = await nextTask.POST(post(cookie, `/api/v1/projects/${projectId}/tasks/next`), {
      params: Promise.resolve({ projectId }),
    });
    const { task } = (await claimed.json()) as {
      task: { assignmentId: string; responses: { id: string }[]; aspects?: { name: string }[] };
    };
    expect(task.aspects?.map((a) => a.name)).toEqual(['helpfulness', 'harmlessness', 'honesty']);
    const send = async (body: unknown) => {
      const response = await submit.POST(
        post(cookie, `/api/v1/projects/${projectId}/assignments/${task.assignmentId}/submit`, JSON.stringify(body)),
        { params: Promise.resolve({ projectId, assignmentId: task.assignmentId }) },
      );
      return {
        status: response.status,
        body: (await response.json()) as { error?: string; fieldErrors?: Record<string, string[]>; duplicate?: boolean },
      };
    };
    const base = { ranking: task.responses.map((r) => [r.id]), allUnacceptable: false, ratings: [], promptFlags: [], durationMs: 1000 };
    const same = (aspect: string) => ({ aspect, sameAsOverall: true, ranking: null });

    const missing = await send({ ...base, aspects: [same('helpfulness'), same('honesty')] });
    const malformed = await send({
      ...base,
      aspects: [same('helpfulness'), same('harmlessness'), { aspect: 'honesty', sameAsOverall: true, ranking: base.ranking }],
    });
    const ok = await send({
      ...base,
      aspects: [
        same('helpfulness'),
        same('harmlessness'),
        { aspect: 'honesty', sameAsOverall: false, ranking: [...base.ranking].reverse() },
      ],
    });
    const again = await send({ ...base, aspects: [same('helpfulness'), same('harmlessness'), same('honesty')] });

    expect(missing).toMatchObject({
      status: 400,
      body: { fieldErrors: { aspects: [expect.stringContaining('Aspect not answered: harmlessness')] } },
    });
    expect(malformed).toMatchObject({ status: 400, body: { fieldErrors: { 'aspects.2.ranking': [expect.stringContaining('not both')] } } });
    expect(ok).toMatchObject({ status: 200, body: { duplicate: false } });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
    const { rows } = await pool.query(
      `SELECT ja.aspect, ja."sameAsOverall" FROM judgment_aspects ja JOIN judgments j ON j.id = ja."judgmentId" WHERE j."assignmentId" = $1 ORDER BY ja.aspect`,
      [task.assignmentId],
    );
    expect(rows).toEqual([
      { aspect: 'harmlessness', sameAsOverall: true },
      { aspect: 'helpfulness', sameAsOverall: true },
      { aspect: 'honesty', sameAsOverall: false },
    ]);
  });
});
