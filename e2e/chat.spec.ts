import { expect, request, test, type Response } from '@playwright/test';
import { buildModelConnection } from '@/lib/builders';
import { startChatServer, type ChatServer } from '../tests/helpers/chat-server';
import { db, makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';
import { signInOverHttp } from './security-fixtures';

// Issue 26: a labeler chats with two anonymous models (the deterministic Chat Completions server of
// tests/helpers on 127.0.0.1; the e2e app runs with MODEL_ALLOW_PRIVATE_HOSTS=true): writes a
// prompt, both answers come in at once, votes B, continues a second turn, votes tie, and finishes.
// No response the browser receives names a model before the vote. Killing the app mid-stream:
// e2e/chat-restart.spec.ts (an app instance of its own, killed and started again).

let server: ChatServer;
test.beforeAll(async () => {
  server = await startChatServer({ seed: 26, latencyMs: 5 });
});
test.afterAll(async () => {
  await server.close();
});

/** Chat only, between the given connections (set after they exist: they are the project's own). */
async function chatSettings(projectId: string, connectionIds: string[]) {
  await db().project.update({
    where: { id: projectId },
    data: { settings: { taskMix: { rank: 0, chat: 1 }, chat: { connections: connectionIds.map((connectionId) => ({ connectionId })) } } },
  });
}

test('a labeler writes a prompt, two answers stream at once, votes B, continues, votes tie; no model name reaches the browser', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const labeler = await makeUser('LABELER');
  // The project's own connections: a shared one would make every other spec's project take prompt-only imports.
  const project = await makeProject({ members: [labeler.email] });
  const alpha = await buildModelConnection({
    projectId: project.id,
    baseUrl: server.url,
    model: 'zeta-secret-70b',
    name: unique('Zeta Secret'),
  });
  const beta = await buildModelConnection({
    projectId: project.id,
    baseUrl: server.url,
    model: 'omega-hidden-8b',
    name: unique('Omega Hidden'),
  });
  await chatSettings(project.id, [alpha.id, beta.id]);
  const secrets = [alpha.id, beta.id, alpha.name, beta.name, alpha.model, beta.model];

  // Every same-origin answer's body, read as it completes (streams included), for the leak check.
  const bodies: Promise<{ url: string; body: string }>[] = [];
  const origin = new URL(process.env.E2E_BASE_URL ?? 'http://localhost').origin;
  page.on('response', (response: Response) => {
    if (!response.url().startsWith(origin) || response.url().includes('/_next/static/')) return;
    bodies.push(
      response
        .text()
        .then((body) => ({ url: response.url(), body }))
        .catch(() => ({ url: response.url(), body: '' })),
    );
  });

  await signInAndLand(page, labeler.email, PASSWORD, '/label');
  await page.goto(`/label/${project.id}`);
  const answerA = page.getByRole('article', { name: 'Answer A' });
  const answerB = page.getByRole('article', { name: 'Answer B' });

  // A slow answer (the server's delay marker) keeps both sides answering at once, visibly.
  await page.getByLabel('Your prompt').fill('Explain the tides to a child. [[delay:1500]] [[first-token-delay:1500]]');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(answerA.getByText('Answering…')).toBeVisible();
  await expect(answerB.getByText('Answering…')).toBeVisible();
  // The vote waits for both answers.
  await expect(page.getByRole('button', { name: 'Vote' })).toBeDisabled();
  await expect(answerA.getByText('Finished')).toBeVisible({ timeout: 30_000 });
  await expect(answerB.getByText('Finished')).toBeVisible({ timeout: 30_000 });
  const textA = await answerA.locator('[data-answer-text]').innerText();
  const textB = await answerB.locator('[data-answer-text]').innerText();
  expect(textA.length).toBeGreaterThan(0);
  expect(textB.length).toBeGreaterThan(0);

  await page.getByRole('radio', { name: 'B is better' }).check();
  await page.getByRole('button', { name: 'Vote' }).click();
  await expect(page.getByText('You voted B better.')).toBeVisible();

  await page.getByLabel('Continue the conversation').fill('Now in one sentence.');
  await page.getByRole('button', { name: 'Send' }).click();
  const turn2 = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Turn 2' }) });
  await expect(turn2.getByRole('article', { name: 'Answer A' }).getByText('Finished')).toBeVisible({ timeout: 30_000 });
  await expect(turn2.getByRole('article', { name: 'Answer B' }).getByText('Finished')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('radio', { name: 'Tie' }).check();
  await page.getByRole('button', { name: 'Vote' }).click();
  await expect(page.getByText('You voted a tie.')).toBeVisible();

  // Before finishing: nothing the browser received names a model.
  const received = await Promise.all(bodies);
  expect(received.some((r) => r.url.endsWith('/chat-stream'))).toBe(true);
  for (const { url, body } of received) for (const secret of secrets) expect(body, `${url} names a model`).not.toContain(secret);

  await page.getByRole('button', { name: 'Finish conversation' }).click();
  await expect(page.getByRole('heading', { name: 'Conversation finished' })).toBeVisible();
  const votes = await db().$queryRaw<{ turn: number; winner: string; winnerPosition: number | null }[]>`
    SELECT t.turn, v.winner, v."winnerPosition" FROM chat_votes v JOIN chat_turns t ON t.id = v."turnId" JOIN chat_conversations c ON c.id = t."conversationId"
    WHERE c."projectId" = ${project.id}::uuid ORDER BY t.turn`;
  expect(votes).toEqual([
    { turn: 1, winner: 'side', winnerPosition: 1 },
    { turn: 2, winner: 'tie', winnerPosition: null },
  ]);
});

test("the chat stream refuses a signed-out request and another labeler's task (A's data, B's session)", async ({ page }) => {
  const owner = await makeUser('LABELER');
  const other = await makeUser('LABELER');
  const project = await makeProject({ members: [owner.email, other.email] });
  const a = await buildModelConnection({ projectId: project.id, baseUrl: server.url, model: 'm-a', name: unique('Chat A') });
  const b = await buildModelConnection({ projectId: project.id, baseUrl: server.url, model: 'm-b', name: unique('Chat B') });
  await chatSettings(project.id, [a.id, b.id]);
  // The owner's page claims the battle.
  await signInAndLand(page, owner.email, PASSWORD, '/label');
  await page.goto(`/label/${project.id}`);
  await expect(page.getByLabel('Your prompt')).toBeVisible();
  const [battle] = await db().$queryRaw<{ assignmentId: string }[]>`
    SELECT "assignmentId" FROM chat_conversations WHERE "projectId" = ${project.id}::uuid`;
  const base = process.env.E2E_BASE_URL ?? '';
  const body = { action: 'send', assignmentId: battle!.assignmentId, prompt: 'hello' };

  const anonymous = await request.newContext({ baseURL: base });
  const signedOut = await anonymous.post(`/label/${project.id}/chat-stream`, { data: body, headers: { origin: base } });
  expect(signedOut.status()).toBe(401);
  await anonymous.dispose();

  const intruder = await signInOverHttp(other.email, PASSWORD);
  const refused = await intruder.post(`/label/${project.id}/chat-stream`, { data: body, headers: { origin: base } });
  expect(refused.status()).toBe(404);
  expect(await refused.text()).toContain('No such task');
  await intruder.dispose();
  // The owner's own session from another site's page: refused by the proxy's Origin check.
  const owned = await signInOverHttp(owner.email, PASSWORD);
  const forgeries: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }];
  for (const headers of forgeries) {
    const forged = await owned.post(`/label/${project.id}/chat-stream`, { data: body, headers });
    expect(forged.status(), JSON.stringify(headers)).toBe(403);
  }
  await owned.dispose();
  const turns = await db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM chat_turns t JOIN chat_conversations c ON c.id = t."conversationId" WHERE c."projectId" = ${project.id}::uuid`;
  expect(turns[0]?.n).toBe(0);
});
