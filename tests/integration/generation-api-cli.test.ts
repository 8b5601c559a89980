/**
 * Issue 24: the generation API (/api/v1/projects/{id}/jobs…, bearer token with the import scope, a
 * lead of the project) and the CLI (`generate responses|critiques`, `job list|show|cancel|resume`),
 * against a real Chat Completions server on a local port and a real PostgreSQL. Another project's
 * lead, a token without the scope, a researcher and a labeler are refused; the API key never shows.
 */
process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';

import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModelConnection, insertItems } from '@/lib/builders';
import { runQueuedJobs } from '@/lib/jobs/run-queued-jobs';
import { generationRunHandler } from '@/lib/generation/generation-handler';
import { createApiToken } from '@/lib/tokens/create-api-token';
import { startChatServer, type ChatServer } from '../helpers/chat-server';
import { testDatabaseUrl } from '../helpers/database-per-file';
import { makeWorld, makeWorldTokens, type World } from '../security/world';

const routes = {
  jobs: await import('@/app/api/v1/projects/[projectId]/jobs/route'),
  job: await import('@/app/api/v1/projects/[projectId]/jobs/[jobId]/route'),
};
const ROOT = path.resolve(import.meta.dirname, '../..');
const BASE = 'http://app.test';
const KEY = 'sk-api-cli-secret-0123456789abcdef';
let server: ChatServer;
let world: World;
let tokens: Awaited<ReturnType<typeof makeWorldTokens>>;
let connection: { id: string; name: string };

beforeAll(async () => {
  server = await startChatServer({ seed: 1, latencyMs: 1, apiKey: KEY });
  world = await makeWorld({ items: 2 });
  tokens = await makeWorldTokens(world);
  connection = await buildModelConnection({ projectId: world.project.id, baseUrl: server.url, apiKey: KEY, name: 'policy' });
  await insertItems({
    projectId: world.project.id,
    count: 3,
    externalId: (n) => `prompt-${n}`,
    prompt: (n) => `Prompt ${n}?`,
    responses: [],
  });
});
afterAll(() => server.close());

const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });
const call = (method: 'GET' | 'POST', url: string, token: string | null, body?: unknown) =>
  new Request(`${BASE}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('generation API', () => {
  it('a lead starts a responses job (202), reads it, lists it; cancel and resume; nobody else may', async () => {
    const url = `/api/v1/projects/${world.project.id}/jobs`;
    const body = { kind: 'responses', connectionIds: [connection.id], samples: 2, prompts: { by: 'awaiting' } };
    const created = await routes.jobs.POST(call('POST', url, tokens.lead, body), params({ projectId: world.project.id }));
    expect(created.status).toBe(202);
    const { job } = (await created.json()) as { job: { id: string; url: string; total: number; status: string } };
    expect(job).toMatchObject({ total: 6, status: 'QUEUED', url: `${url}/${job.id}` });
    expect(created.headers.get('location')).toBe(job.url);

    const cancelled = await routes.job.POST(
      call('POST', job.url, tokens.lead, { action: 'cancel' }),
      params({ projectId: world.project.id, jobId: job.id }),
    );
    expect(((await cancelled.json()) as { job: { status: string } }).job.status).toBe('CANCELLED');
    const resumed = await routes.job.POST(
      call('POST', job.url, tokens.admin, { action: 'resume' }),
      params({ projectId: world.project.id, jobId: job.id }),
    );
    expect(((await resumed.json()) as { job: { status: string } }).job.status).toBe('QUEUED');
    await runQueuedJobs({ handlers: [generationRunHandler] });

    const shown = await routes.job.GET(call('GET', job.url, tokens.lead), params({ projectId: world.project.id, jobId: job.id }));
    const text = await shown.text();
    expect(JSON.parse(text).job).toMatchObject({ status: 'FINISHED', done: 6, failed: 0, reasons: [] });
    expect(text).not.toContain(KEY);
    const list = await routes.jobs.GET(call('GET', url, tokens.lead), params({ projectId: world.project.id }));
    expect(((await list.json()) as { jobs: { id: string }[] }).jobs.map((j) => j.id)).toContain(job.id);

    // Refusals: no token, a researcher, a labeler, a lead of another project, a token without the import scope.
    const { token: exportOnly } = await createApiToken({
      actorId: null,
      input: { userId: world.users.lead.id, name: 'export only', scopes: ['export'] },
    });
    const refused = await Promise.all(
      [null, tokens.research, tokens.labeler, tokens.leadX, exportOnly].map(async (token) => {
        const r = await routes.jobs.POST(call('POST', url, token, body), params({ projectId: world.project.id }));
        const g = await routes.job.GET(call('GET', job.url, token), params({ projectId: world.project.id, jobId: job.id }));
        return [r.status, g.status];
      }),
    );
    expect(refused).toEqual([
      [401, 401],
      [403, 403],
      [403, 403],
      [403, 403],
      [403, 403],
    ]);
    // Another project's job id through this project's URL: not found.
    const other = await routes.job.GET(
      call('GET', `${url}/${job.id}`, tokens.leadX),
      params({ projectId: world.otherProject.id, jobId: job.id }),
    );
    expect([403, 404]).toContain(other.status);
    const bad = await routes.jobs.POST(
      call('POST', url, tokens.lead, { kind: 'responses', connectionIds: [], samples: 2, prompts: { by: 'all' } }),
      params({ projectId: world.project.id }),
    );
    expect(bad.status).toBe(400);
  });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Not spawnSync: the chat server answers from this process's event loop.
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl, MODEL_ALLOW_PRIVATE_HOSTS: 'true', LOG_LEVEL: 'warn' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('generation CLI', () => {
  it(
    'generate responses --run-here, job list, job show; generate critiques; a bad connection name is a usage error',
    { timeout: 240_000 },
    async () => {
      await insertItems({
        projectId: world.project.id,
        count: 2,
        externalId: (n) => `cli-${n}`,
        prompt: (n) => `CLI prompt ${n}?`,
        responses: [],
      });
      const slug = world.project.slug;
      const made = await cli([
        'generate',
        'responses',
        '--project',
        slug,
        '--connection',
        'policy',
        '--samples',
        '2',
        '--seed',
        '7',
        '--run-here',
      ]);
      expect(made.stderr).toBe('');
      expect(made.code).toBe(0);
      const [, jobId, n] = /job ([0-9a-f-]{36}): (\d+) requests queued/.exec(made.stdout) ?? [];
      expect(jobId, made.stdout).toBeDefined();
      expect(made.stdout).toMatch(new RegExp(`${jobId} responses finished ${n}/${n} \\(done ${n}, failed 0, retrying 0\\)`));

      const listed = await cli(['job', 'list', '--project', slug, '--json']);
      expect(listed.code).toBe(0);
      expect((JSON.parse(listed.stdout) as { jobs: { id: string }[] }).jobs.map((j) => j.id)).toContain(jobId);
      const shown = await cli(['job', 'show', '--project', slug, '--job', jobId!]);
      expect(shown.stdout).toContain(`${jobId} responses finished ${n}/${n}`);

      const critiques = await cli([
        'generate',
        'critiques',
        '--project',
        slug,
        '--connection',
        'policy',
        '--samples',
        '1',
        '--responses',
        'all',
        '--run-here',
      ]);
      expect(critiques.code).toBe(0);
      expect(critiques.stdout).toMatch(/critiques finished (\d+)\/\1 \(done \1, failed 0/);

      const wrong = await cli(['generate', 'responses', '--project', slug, '--connection', 'nope', '--samples', '2']);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('--connection: no connection "nope" in this project (policy)');
      expect(made.stdout + listed.stdout + shown.stdout + critiques.stdout + wrong.stderr).not.toContain(KEY);
    },
  );
});
