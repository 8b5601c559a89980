/**
 * Lenient imports and import jobs through the entry points: the API route (skip_invalid=1, the
 * job and rejects routes, async=1 answering 202 with the job) and the CLI (a dataset folder,
 * --skip-invalid, the grouped summary, the progress line and the rejects file).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/lib/db';
import { createProject } from '@/lib/projects/create-project';
import { testDatabaseUrl } from '../helpers/database-per-file';
import { writeParquet } from '../helpers/write-parquet';
import { makeWorld, makeWorldTokens, type World } from '../security/world';

// after() outside a Next.js request: run the callback at once, as the server does once it has answered.
const pending: Promise<unknown>[] = [];
vi.mock('next/server', () => ({ after: (fn: () => Promise<unknown>) => void pending.push(fn()), connection: async () => undefined }));

const routes = {
  importApi: await import('@/app/api/v1/projects/[projectId]/import/route'),
  job: await import('@/app/api/v1/projects/[projectId]/imports/[jobId]/route'),
  rejects: await import('@/app/api/v1/projects/[projectId]/imports/[jobId]/rejects/route'),
};

const BASE = 'http://app.test';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-api-cli-'));
let world: World;
let tokens: Awaited<ReturnType<typeof makeWorldTokens>>;

beforeAll(async () => {
  world = await makeWorld({ items: 2 });
  tokens = await makeWorldTokens(world);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });
const row = (id: string, texts = ['Yes', 'No']) =>
  JSON.stringify({ id, prompt: `Question ${id}?`, responses: texts.map((text) => ({ text })) });

describe('import API', () => {
  const post = (body: string, query: string, token = tokens.lead) =>
    routes.importApi.POST(
      new Request(`${BASE}/api/v1/projects/${world.project.id}/import?${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body,
      }),
      params({ projectId: world.project.id }),
    );

  it('skip_invalid=1 imports the valid rows and serves the refused ones as a JSON Lines rejects file', async () => {
    const tag = randomUUID().slice(0, 8);
    const response = await post([row(`${tag}-a`), row(`${tag}-b`, ['only one']), row(`${tag}-c`)].join('\n'), 'skip_invalid=1');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      summary: { itemsCreated: number; rejected: { rows: number; byReason: { field: string; count: number }[] } };
      job: { id: string; rejects_url: string };
    };
    expect(body.summary.itemsCreated).toBe(2);
    expect(body.summary.rejected).toMatchObject({ rows: 1, byReason: [{ field: 'responses', count: 1 }] });
    expect(body.job.rejects_url).toBe(`/api/v1/projects/${world.project.id}/imports/${body.job.id}/rejects`);

    const get = (route: typeof routes.rejects | typeof routes.job, token: string, jobId = body.job.id) =>
      route.GET(
        new Request(`${BASE}/x`, { headers: { authorization: `Bearer ${token}` } }),
        params({ projectId: world.project.id, jobId }),
      );
    const rejects = await get(routes.rejects, tokens.lead);
    expect(rejects.status).toBe(200);
    expect(rejects.headers.get('content-type')).toContain('application/x-ndjson');
    expect(await rejects.text()).toBe(
      `${JSON.stringify({ line: 2, field: 'responses', reason: 'Has 1 response; this project takes 2 to 9' })}\n`,
    );
    // A researcher's token (scope import) and a lead of another project are refused; an unknown job is 404.
    expect((await get(routes.rejects, tokens.research)).status).toBe(403);
    expect((await get(routes.job, tokens.leadX)).status).toBe(403);
    expect((await get(routes.job, tokens.lead, randomUUID())).status).toBe(404);
  });

  it('async=1 answers 202 with the job at once; the job then tells the outcome', async () => {
    const tag = randomUUID().slice(0, 8);
    const response = await post([row(`${tag}-a`), row(`${tag}-b`)].join('\n'), 'async=1');
    expect(response.status).toBe(202);
    const { job } = (await response.json()) as { job: { id: string; url: string } };
    expect(response.headers.get('location')).toBe(job.url);
    await Promise.all(pending.splice(0));
    const status = await routes.job.GET(
      new Request(`${BASE}${job.url}`, { headers: { authorization: `Bearer ${tokens.lead}` } }),
      params({ projectId: world.project.id, jobId: job.id }),
    );
    expect(status.status).toBe(200);
    expect(((await status.json()) as { job: unknown }).job).toMatchObject({
      id: job.id,
      status: 'DONE',
      origin: 'api',
      container: 'json-lines',
      format: 'native',
      rowsChecked: 2,
      rowsWritten: 2,
      summary: { itemsCreated: 2 },
    });
    expect(await getDb().item.count({ where: { projectId: world.project.id, externalId: { startsWith: tag } } })).toBe(2);
  });
});

// Each test runs the CLI as child processes (tsx transpiles its import graph on start: seconds on a
// busy 2-core machine), so the file gets more than the suite's 30 s per test.
describe('import CLI', { timeout: 120_000 }, () => {
  const ROOT = path.resolve(import.meta.dirname, '../..');
  const cli = (...args: string[]) => {
    const result = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: testDatabaseUrl },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (result.error) throw result.error;
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('imports a dataset folder leniently: grouped reasons on stdout, progress on stderr, the refused rows in the rejects file', async () => {
    const project = await createProject({
      actorId: null,
      input: { name: 'CLI', slug: `cli-${randomUUID().slice(0, 8)}`, guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 },
    });
    const root = path.join(dir, 'ds');
    fs.mkdirSync(path.join(root, 'data'), { recursive: true });
    const pairs = (split: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ prompt: `${split} ${i}`, chosen: `good ${i}`, rejected: `bad ${i}` }));
    writeParquet(path.join(root, 'data', 'train-00000-of-00001.parquet'), [
      ...pairs('train', 3),
      { prompt: 'train no rejected', chosen: 'fine', rejected: null },
    ]);
    fs.writeFileSync(
      path.join(root, 'data', 'test-00000-of-00001.jsonl'),
      `${pairs('test', 2)
        .map((r) => JSON.stringify(r))
        .join('\n')}\n{"prompt": "test 9"}\n`,
    );
    fs.writeFileSync(
      path.join(root, 'README.md'),
      '---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*\n  - split: test\n    path: data/test-*\n---\n',
    );

    const strict = cli('import', '--project', project.slug, root);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('data/test-00000-of-00001.jsonl line 3');
    expect(strict.stderr).toContain('nothing was imported (--skip-invalid imports the valid rows)');
    expect(await getDb().item.count({ where: { projectId: project.id } })).toBe(0);

    const rejectsFile = path.join(dir, 'ds.rejects.jsonl');
    const lenient = cli('import', '--project', project.slug, '--skip-invalid', '--rejects', rejectsFile, root);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stdout).toContain('imported 7 rows (trl): 5 items created');
    expect(lenient.stdout).toContain('skipped 2 invalid rows');
    expect(lenient.stdout).toContain(`refused rows (line, field, reason): ${rejectsFile}`);
    expect(lenient.stderr).toMatch(/writing 7 of 7 rows \(100%\)/);
    const rejects = fs
      .readFileSync(rejectsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; line: number });
    // One line per problem: the last row lacks both chosen and rejected.
    expect(rejects.map((r) => [r.file, r.line])).toEqual([
      ['data/train-00000-of-00001.parquet', 4],
      ['data/test-00000-of-00001.jsonl', 3],
      ['data/test-00000-of-00001.jsonl', 3],
    ]);
    expect(lenient.stdout).toContain('skipped 2 invalid rows (3 problems)');
    const items = await getDb().item.findMany({ where: { projectId: project.id }, select: { metadata: true } });
    expect(items.map((i) => (i.metadata as { split: string }).split).sort()).toEqual(['test', 'test', 'train', 'train', 'train']);
  });
});
