import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, storedSession, unique } from './fixtures';

// Issue 23 (lane): the labeler API's claim and submit answered by scripts/serve.ts's lane beside Next.js
// must be the App Router's answers, byte for byte. Two servers of the same build: the lane on (marked, so
// the test knows the lane answered) and the lane off (Next.js's route handlers); every request goes to
// both and the status, body and headers must be the same.

const root = path.resolve(import.meta.dirname, '..');
const VOLATILE = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function withoutNodeOptions(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

type Served = { url: string; child: ChildProcess; output: () => string };

async function serve(lane: 'on' | 'off'): Promise<Served> {
  const port = await freePort();
  let output = '';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'serve.ts'), '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: root,
      // Not the test runner's NODE_OPTIONS (its own loaders): the server starts as scripts/test.ts starts it.
      env: {
        ...withoutNodeOptions(),
        NODE_ENV: 'production',
        PREFLAB_LABELER_LANE: lane,
        PREFLAB_LABELER_LANE_MARK: '1',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`serve.ts exited: ${output}`);
    if (
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) }).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`serve.ts did not come up: ${output}`);
}

async function stop(served: Served | undefined) {
  if (!served || served.child.exitCode !== null) return;
  const exited = new Promise((r) => served.child.once('exit', r));
  served.child.kill('SIGTERM');
  await exited;
}

type Answer = { status: number; body: string; headers: Record<string, string>; lane: boolean };

type Init = { method?: string; headers?: Record<string, string>; body?: string; chunked?: boolean };

/** The body as a stream: sent with Transfer-Encoding: chunked, no Content-Length. */
function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += 64 * 1024)));
    },
  });
}

async function send(base: string, pathname: string, init: Init): Promise<Answer> {
  const response = await fetch(`${base}${pathname}`, {
    method: init.method ?? 'POST',
    headers: init.headers,
    body: init.body !== undefined && init.chunked ? streamOf(init.body) : init.body,
    ...(init.chunked ? { duplex: 'half' } : {}),
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  } as RequestInit);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    if (!VOLATILE.has(key) && key !== 'x-labeler-lane') headers[key] = value;
  });
  return { status: response.status, body: await response.text(), headers, lane: response.headers.get('x-labeler-lane') === '1' };
}

async function cookieOf(email: string): Promise<string> {
  const state = await storedSession(email, PASSWORD);
  return state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

let lane: Served | undefined;
let next: Served | undefined;

test.describe('labeler API lane (scripts/serve.ts)', () => {
  test.describe.configure({ mode: 'serial', timeout: 240_000 });
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    [lane, next] = [await serve('on'), await serve('off')];
  });
  test.afterAll(async () => {
    await stop(lane);
    await stop(next);
  });

  test('the lane answers the claim and the submit exactly as the App Router route handlers do', async () => {
    const labeler = await makeUser('LABELER');
    const other = await makeUser('LABELER');
    const paused = await makeUser('LABELER');
    const gone = await makeUser('LABELER');
    const project = await makeProject({ members: [labeler.email, other.email, paused.email, gone.email] });
    for (let i = 0; i < 3; i++) {
      await buildItem({
        projectId: project.id,
        externalId: unique('lane'),
        prompt: `Question ${unique('q')}: name a primary colour.`,
        responses: ['Red.', 'Blue.', 'Green.'].map((text) => ({ text })),
      });
    }
    const cookie = await cookieOf(labeler.email);
    const otherCookie = await cookieOf(other.email);
    const pausedCookie = await cookieOf(paused.email);
    const goneCookie = await cookieOf(gone.email);
    await db().membership.updateMany({ where: { projectId: project.id, userId: paused.id }, data: { paused: true } });
    await db().user.update({ where: { id: gone.id }, data: { active: false } });

    const claimPath = `/api/v1/projects/${project.id}/tasks/next`;
    const json = { 'content-type': 'application/json' };
    const both = async (pathname: string, init: Init, viaLane = true) => {
      const a = await send(lane!.url, pathname, init);
      const b = await send(next!.url, pathname, init);
      expect.soft(b.lane, `${init.method ?? 'POST'} ${pathname}: the lane-off server has no lane`).toBe(false);
      expect.soft(a.lane, `${init.method ?? 'POST'} ${pathname}: answered by the lane`).toBe(viaLane);
      expect.soft({ status: a.status, body: a.body, headers: a.headers }, `${init.method ?? 'POST'} ${pathname}`).toEqual({
        status: b.status,
        body: b.body,
        headers: b.headers,
      });
      return a;
    };

    // The claim: the second (App Router) claim returns the live task the first (lane) handed out.
    const claimed = await both(claimPath, { headers: { cookie } });
    expect(claimed.status).toBe(200);
    const task = (JSON.parse(claimed.body) as { task: { assignmentId: string; responses: { id: string }[] } }).task;
    expect(claimed.headers['cache-control']).toBe('no-store, no-transform');
    expect(claimed.headers['x-frame-options']).toBe('DENY');
    expect(claimed.headers['content-security-policy']).toContain("default-src 'none'");
    expect(claimed.headers['strict-transport-security']).toBeUndefined();

    // Behind an https proxy: HSTS as next.config.js adds it.
    const https = await both(claimPath, { headers: { cookie, 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000');

    const submitPath = `/api/v1/projects/${project.id}/assignments/${task.assignmentId}/submit`;
    const body = JSON.stringify({
      ranking: task.responses.map((r) => [r.id]),
      allUnacceptable: false,
      ratings: [],
      promptFlags: [],
      durationMs: 4200,
    });
    // The first submit on the lane, its repeat on each: the same judgment, duplicate.
    const first = await send(lane!.url, submitPath, { headers: { cookie, ...json }, body });
    expect(first.lane).toBe(true);
    expect(first.status).toBe(200);
    const judgmentId = (JSON.parse(first.body) as { judgmentId: string }).judgmentId;
    const repeat = await both(submitPath, { headers: { cookie, ...json }, body });
    expect(JSON.parse(repeat.body)).toEqual({ judgmentId, duplicate: true });

    // Refusals, each from both.
    const refused = async (pathname: string, init: Init, status: number) =>
      expect((await both(pathname, init)).status, `${pathname} ${JSON.stringify(init.headers)}`).toBe(status);
    const next2 = `/api/v1/projects/${project.id}/assignments/${task.assignmentId}/submit`;
    await refused(next2, { headers: { cookie, ...json }, body: '{"ranking": ' }, 400);
    await refused(next2, { headers: { cookie, ...json }, body: JSON.stringify({ ranking: 'nope' }) }, 400);
    await refused(next2, { headers: { cookie, ...json }, body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }) }, 413);
    // Over 1 MiB without a Content-Length (chunked): cut while reading, still answered 413.
    await refused(next2, { headers: { cookie, ...json }, body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }), chunked: true }, 413);
    await refused(next2, { headers: { cookie, ...json }, body: '{"ranking": "chunked"}', chunked: true }, 400);
    await refused(claimPath, { headers: { cookie, origin: 'https://evil.example' } }, 403);
    await refused(claimPath, { headers: { cookie, 'sec-fetch-site': 'cross-site' } }, 403);
    await refused(claimPath, {}, 401);
    await refused(claimPath, { headers: { cookie: goneCookie } }, 401);
    await refused(claimPath, { headers: { cookie: pausedCookie } }, 403);
    await refused(`/api/v1/projects/${project.id}/assignments/not-an-id/submit`, { headers: { cookie, ...json }, body }, 404);
    await refused(next2, { headers: { cookie: otherCookie, ...json }, body }, 404);
    await refused(`/api/v1/projects/not-a-project/tasks/next`, { headers: { cookie } }, 404);
    await refused(`/api/v1/projects/${crypto.randomUUID()}/tasks/next`, { headers: { cookie } }, 404);

    // What the lane leaves to Next.js: other methods, a trailing slash, a query string, an encoded segment.
    await both(claimPath, { method: 'GET', headers: { cookie } }, false);
    await both(claimPath, { method: 'HEAD', headers: { cookie } }, false);
    await both(`${claimPath}/`, { headers: { cookie } }, false);
    await both(`${claimPath}?x=1`, { headers: { cookie } }, false);
    await both(`/api/v1/projects/${project.id.replace(/-/g, '%2D')}/tasks/next`, { headers: { cookie } }, false);
  });
});
