/**
 * Issue 25: judge and discriminator runs through the generation API (POST /api/v1/projects/{id}/jobs
 * with kind "judge" or "discriminate"): a lead's import-scoped token starts one (202); nobody else
 * may; a bad body is a 400 naming the field.
 */
process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModelConnection } from '@/lib/builders';
import { startChatServer, type ChatServer } from '../helpers/chat-server';
import { makeWorld, makeWorldTokens, type World } from '../security/world';

const routes = { jobs: await import('@/app/api/v1/projects/[projectId]/jobs/route') };
let server: ChatServer;
let world: World;
let tokens: Awaited<ReturnType<typeof makeWorldTokens>>;
let connection: { id: string };

beforeAll(async () => {
  server = await startChatServer();
  world = await makeWorld({ items: 2 });
  tokens = await makeWorldTokens(world);
  connection = await buildModelConnection({ projectId: world.project.id, baseUrl: server.url, name: 'judge' });
});
afterAll(() => server.close());

const params = (projectId: string) => ({ params: Promise.resolve({ projectId }) });
const post = (token: string | null, body: unknown) =>
  new Request(`http://app.test/api/v1/projects/${world.project.id}/jobs`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('judge runs through the generation API', () => {
  it('a lead starts a judge run (202, kind JUDGE, both orders); no token, a researcher, a labeler, another lead may not', async () => {
    const body = { kind: 'judge', connectionId: connection.id, items: { by: 'all' } };
    const created = await routes.jobs.POST(post(tokens.lead, body), params(world.project.id));
    expect(created.status).toBe(202);
    const { job } = (await created.json()) as { job: { kind: string; total: number; templateVersion: number } };
    expect(job).toMatchObject({ kind: 'JUDGE', templateVersion: 0 });
    expect(job.total % 2).toBe(0);
    const refused = await Promise.all(
      [null, tokens.research, tokens.labeler, tokens.leadX].map(
        async (token) => (await routes.jobs.POST(post(token, body), params(world.project.id))).status,
      ),
    );
    expect(refused).toEqual([401, 403, 403, 403]);
  });

  it('a bad judge body is a 400 naming the field; a discriminator run without perturbations is refused with the reason', async () => {
    const bad = await routes.jobs.POST(
      post(tokens.lead, { kind: 'judge', connectionId: connection.id, items: { by: 'every' } }),
      params(world.project.id),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^items/);
    const none = await routes.jobs.POST(post(tokens.lead, { kind: 'discriminate', connectionId: connection.id }), params(world.project.id));
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: string }).error).toMatch(/No accepted perturbation/);
  });
});
