import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { buildModelConnection } from '@/lib/builders';
import { startChatServer, type ChatServer } from '../tests/helpers/chat-server';
import { db, makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';

// Issue 26's fault test, end to end: a labeler's prompt streams through an app instance of this
// test's own (a second `next start` of the same build on a free port, against the same database and
// secret as the e2e app: a session of one is a session of the other). One side's model is fast, the
// other's slow (a chat server of its own streaming 60 tokens 250 ms apart). While the slow side
// streams, the instance is killed (SIGKILL: no shutdown code runs), started again, and the page is
// reloaded: the prompt and the finished side are there, the cut-off side is marked interrupted once
// its writer's heartbeat is stale, and its Retry streams a new attempt to the end.

const root = path.resolve(import.meta.dirname, '..');

let fast: ChatServer;
let slow: ChatServer;
let instance: ChildProcess | undefined;
test.beforeAll(async () => {
  fast = await startChatServer({ seed: 261, streamTokens: 12 });
  slow = await startChatServer({ seed: 262, streamTokens: 60, tokenDelayMs: 250 });
});
test.afterAll(async () => {
  stop(instance, 'SIGTERM');
  await Promise.all([fast.close(), slow.close()]);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `next start` of the e2e build on `port`, in a process group of its own; resolves once /api/health answers. */
async function startInstance(port: number): Promise<ChildProcess> {
  const base = `http://127.0.0.1:${port}`;
  const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const child = spawn(process.execPath, [next, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production', NEXTAUTH_URL: base, NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn' },
  });
  const giveUpAt = Date.now() + 90_000;
  while (Date.now() < giveUpAt) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the extra next start exited (${child.exitCode ?? child.signalCode})`);
    const ok = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  stop(child, 'SIGKILL');
  throw new Error('the extra next start did not become healthy within 90 s');
}

/** Signals the instance's whole process group (only what this test started). */
function stop(child: ChildProcess | undefined, signal: NodeJS.Signals) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

test('the app is killed mid-stream and started again: the prompt and the finished side stay, the cut-off side is interrupted and its retry finishes', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const labeler = await makeUser('LABELER');
  // The project's own connections (a shared one would change what other specs' projects accept).
  const project = await makeProject({ members: [labeler.email] });
  const quick = await buildModelConnection({ projectId: project.id, baseUrl: fast.url, model: 'quick-secret', name: unique('Quick') });
  const sluggish = await buildModelConnection({ projectId: project.id, baseUrl: slow.url, model: 'slow-secret', name: unique('Slow') });
  await db().project.update({
    where: { id: project.id },
    data: {
      settings: { taskMix: { rank: 0, chat: 1 }, chat: { connections: [{ connectionId: quick.id }, { connectionId: sluggish.id }] } },
    },
  });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  instance = await startInstance(port);

  // The session is signed in on the e2e app; its cookie (host 127.0.0.1, any port) opens the extra instance too.
  await signInAndLand(page, labeler.email, PASSWORD, '/label');
  await page.goto(`${base}/label/${project.id}`);
  await expect(page.locator('html[data-hydrated]')).toBeAttached();
  await page.getByLabel('Your prompt').fill('Why is the sky blue?');
  await page.getByRole('button', { name: 'Send' }).click();

  const done = page.locator('article:has([data-status="DONE"])');
  const streaming = page.locator('article:has([data-status="STREAMING"])');
  await expect(done).toHaveCount(1, { timeout: 30_000 });
  await expect(streaming).toHaveCount(1);
  // Some of the slow answer written to the database (every 250 ms) before the instance dies.
  await expect(streaming.locator('[data-answer-text]')).not.toHaveText('', { timeout: 15_000 });
  // …and flushed to the database (the writer batches every 250 ms): wait for it there, not for a fixed time.
  await expect
    .poll(
      async () =>
        (
          await db().$queryRaw<{ n: number }[]>`
            SELECT coalesce(max(length(s.text)), 0)::int AS n FROM chat_samples s JOIN chat_turns t ON t.id = s."turnId"
            JOIN chat_conversations c ON c.id = t."conversationId" WHERE c."projectId" = ${project.id}::uuid AND s.status = 'STREAMING'`
        )[0]?.n ?? 0,
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
  const finishedText = await done.locator('[data-answer-text]').innerText();
  const cutName = (await streaming.getAttribute('aria-label')) ?? '';
  expect(cutName).toMatch(/^Answer [AB]$/);

  stop(instance, 'SIGKILL');
  const killed = instance;
  await new Promise<void>((resolve) =>
    killed.exitCode !== null || killed.signalCode !== null ? resolve() : killed.once('exit', () => resolve()),
  );
  const [cut] = await db().$queryRaw<{ status: string; text: string }[]>`
    SELECT s.status::text AS status, s.text FROM chat_samples s JOIN chat_turns t ON t.id = s."turnId" JOIN chat_conversations c ON c.id = t."conversationId"
    WHERE c."projectId" = ${project.id}::uuid AND s.status <> 'DONE'`;
  // The writer died with the process: its sample is still STREAMING, with the text flushed so far.
  expect(cut?.status).toBe('STREAMING');
  expect(cut?.text.length).toBeGreaterThan(0);

  instance = await startInstance(port);
  await page.goto(`${base}/label/${project.id}`);
  await expect(page.getByText('Why is the sky blue?').first()).toBeVisible();
  const finished = page.getByRole('article', { name: cutName === 'Answer A' ? 'Answer B' : 'Answer A' });
  await expect(finished.locator('[data-status="DONE"]')).toBeVisible();
  await expect(finished.locator('[data-answer-text]')).toHaveText(finishedText);
  // Once the dead writer's heartbeat is stale (20 s), loading the conversation marks the side interrupted (the page polls meanwhile).
  const interrupted = page.getByRole('article', { name: cutName });
  await expect(interrupted.locator('[data-status="INTERRUPTED"]')).toBeVisible({ timeout: 60_000 });
  await expect(interrupted.getByText('[incomplete]')).toBeVisible();

  await interrupted.getByRole('button', { name: `Retry ${cutName}` }).click();
  await expect(interrupted.locator('[data-status="DONE"]')).toBeVisible({ timeout: 60_000 });
  await expect(interrupted.getByText('attempt 2')).toBeVisible();
  // Both sides answered: the vote opens.
  await page.getByRole('radio', { name: 'A is better' }).check();
  await expect(page.getByRole('button', { name: 'Vote' })).toBeEnabled();
  const samples = await db().$queryRaw<{ attempt: number; status: string }[]>`
    SELECT s.attempt, s.status::text AS status FROM chat_samples s JOIN chat_turns t ON t.id = s."turnId" JOIN chat_conversations c ON c.id = t."conversationId"
    WHERE c."projectId" = ${project.id}::uuid ORDER BY s.status, s.attempt`;
  expect(samples).toEqual([
    { attempt: 1, status: 'DONE' },
    { attempt: 2, status: 'DONE' },
    { attempt: 1, status: 'INTERRUPTED' },
  ]);
});
