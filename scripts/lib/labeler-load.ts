/**
 * Simulated labelers against the labeler JSON API over real HTTP, shared by the assign benchmark
 * (scripts/bench/assign.ts) and the reliability suite (scripts/reliability/run.ts): the generated
 * accounts with minted sessions and the project they label (built with lib/builders), a keep-alive
 * POST, the production server (scripts/serve.ts, as `npm start`) on a port, and the invariant queries (never over-filled, nobody twice).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import type pg from 'pg';
import { insertItems } from '../../lib/builders/insert-items';
import { insertMemberships, insertProject } from '../../lib/builders/build-project';
import { insertUsers } from '../../lib/builders/insert-users';
import { mintSessionCookie } from '../../lib/builders/mint-session-cookie';
import { serverNodeOptions } from './server-node-options';

const root = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const OVERLAP = 3;
export const RESPONSES = [
  'The capital of France is Paris, a city on the Seine.',
  'Paris.',
  'I believe it is Lyon, though Paris is larger.',
  'France has no capital city.',
];

export type Labeler = { id: string; cookie: string };

/** `count` labeler accounts, each with a next-auth session cookie minted with the app's `secret`. */
export async function makeLabelers(pool: pg.Pool, count: number, secret: string): Promise<Labeler[]> {
  const users = await insertUsers({ pool, count, role: 'LABELER', email: (n) => `labeler${n}@bench.test`, name: (n) => `Labeler ${n}` });
  return Promise.all(users.map(async (user) => ({ id: user.id, cookie: await mintSessionCookie({ user, secret }) })));
}

/** A project of `items` items × 4 responses (with model ids and metadata the API must never send), every labeler a member. */
export async function makeProject(pool: pg.Pool, name: string, items: number, userIds: string[]): Promise<string> {
  const projectId = await insertProject({ pool, name, overlap: OVERLAP });
  await insertItems({
    pool,
    projectId,
    count: items,
    externalId: (n) => `ext-${n}`,
    prompt: (n) => `Question ${n}: what is the capital of France?`,
    metadata: { source: 'bench-secret-metadata' },
    isGold: (n) => n % 50 === 0,
    goldRanking: (n) => (n % 50 === 0 ? [] : null),
    priority: (n) => n % 7,
    responses: (n) =>
      RESPONSES.map((text, i) => ({
        text,
        externalId: `ext-${n}-${i + 1}`,
        modelId: `model-secret-${i + 1}`,
        metadata: { temperature: 0.7 },
      })),
  });
  await insertMemberships({ pool, projectId, userIds });
  return projectId;
}

/** Items holding or holding judgments beyond the overlap, and (item, labeler) pairs judged twice: both must be 0. */
export async function invariants(pool: pg.Pool, projectId: string) {
  const over = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT j."itemId" FROM judgments j JOIN items i ON i.id = j."itemId" WHERE i."projectId" = $1 GROUP BY 1 HAVING count(*) > $2) x`,
    [projectId, OVERLAP],
  );
  const held = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT "itemId" FROM assignments WHERE "projectId" = $1 AND slot IS NOT NULL GROUP BY 1 HAVING count(*) > $2) x`,
    [projectId, OVERLAP],
  );
  const dup = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT j."itemId", j."userId" FROM judgments j JOIN items i ON i.id = j."itemId" WHERE i."projectId" = $1 GROUP BY 1, 2 HAVING count(*) > 1) x`,
    [projectId],
  );
  return { overfilledItems: (over.rows[0]?.n ?? 0) + (held.rows[0]?.n ?? 0), duplicateLabelerItem: dup.rows[0]?.n ?? 0 };
}

/**
 * A POST with node:http over keep-alive sockets: far less client CPU than fetch, which shares the machine with the app.
 * A network error resolves with its code as the status (ECONNREFUSED, ECONNRESET…); with `timeoutMs`, no answer in time is "timeout".
 */
export function post(
  agent: http.Agent,
  url: string,
  headers: Record<string, string>,
  body?: string,
  timeoutMs?: number,
): Promise<{ status: string; json: Record<string, unknown> }> {
  return new Promise((resolve) => {
    let timedOut = false;
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {
            // not JSON: counted by its status
          }
          resolve({ status: String(res.statusCode), json });
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: timedOut ? 'timeout' : (error.code ?? 'network error'), json: {} }),
    );
    if (timeoutMs !== undefined) {
      req.setTimeout(timeoutMs, () => {
        timedOut = true;
        req.destroy();
      });
    }
    req.end(body);
  });
}

export async function startApp(
  env: Record<string, string>,
  port: number,
  profileDir?: string,
): Promise<{ app: ChildProcess; stderr: () => string }> {
  let stderr = '';
  // The server `npm start` runs (scripts/serve.ts; PREFLAB_LABELER_LANE=off in env: Next.js serves everything).
  const next = ['--import', 'tsx', path.join(root, 'scripts', 'serve.ts'), '-p', String(port), '-H', '127.0.0.1'];
  const nodeArgs = profileDir ? [`--cpu-prof`, `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const app = spawn(process.execPath, [...nodeArgs, ...next], {
    cwd: root,
    env: { ...process.env, ...env, NODE_OPTIONS: serverNodeOptions() }, // as npm start runs it
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  app.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
  const giveUpAt = Date.now() + 60_000;
  while (Date.now() < giveUpAt) {
    if (app.exitCode !== null || app.signalCode !== null)
      throw new Error(`the app server exited (${app.exitCode ?? app.signalCode}): ${stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { app, stderr: () => stderr };
    await sleep(100);
  }
  app.kill('SIGKILL'); // never leave a half-started server behind
  throw new Error(`the app server did not become healthy within 60 s: ${stderr}`);
}
