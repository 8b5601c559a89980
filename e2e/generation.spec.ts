import { expect, test } from '@playwright/test';
import { insertItems } from '@/lib/builders';
import { startChatServer, type ChatServer } from '../tests/helpers/chat-server';
import { db, makeProject, makeUser, PASSWORD, signInAndLand } from './fixtures';
import { addModelConnection } from './model-connection-fixtures';

// Issue 24: a lead generates responses for five prompt-only items from a model connection (the
// deterministic Chat Completions server of tests/helpers, started here on 127.0.0.1; the e2e app
// runs with MODEL_ALLOW_PRIVATE_HOSTS=true), watches the job's progress bar finish, and a labeler
// ranks one of the new items. The lead adds the connection through the project's "Model
// connections" screen first.

let server: ChatServer;
test.beforeAll(async () => {
  server = await startChatServer({ seed: 11, latencyMs: 20 });
});
test.afterAll(async () => {
  await server.close();
});

test('a lead generates responses for 5 prompts, sees the progress bar finish, and a labeler ranks a new item', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const lead = await makeUser('LEAD');
  const labeler = await makeUser('LABELER');
  const project = await makeProject({ members: [lead.email, labeler.email] });
  await insertItems({
    projectId: project.id,
    count: 5,
    externalId: (n) => `gen-${n}`,
    prompt: (n) => `Generated prompt ${n}: explain tides.`,
    responses: [],
  });

  await signInAndLand(page, lead.email, PASSWORD, '/projects');
  await addModelConnection(page, {
    projectId: project.id,
    name: 'Local policy',
    baseUrl: server.url,
    model: 'secret-policy-7b',
    apiKey: 'sk-e2e-secret-key-000',
  });
  await page.goto(`/projects/${project.id}/jobs`);
  const form = page.getByRole('form', { name: 'Generate responses' });
  await form.getByLabel('Local policy').check();
  await form.getByLabel('Samples per prompt from each connection').fill('2');
  await form.getByLabel('Temperature').fill('0.7');
  await form.getByRole('button', { name: 'Generate responses' }).click();

  await expect(page).toHaveURL(new RegExp(`/projects/${project.id}/jobs/[0-9a-f-]{36}$`));
  await expect(page.getByRole('heading', { name: 'Generating responses' })).toBeVisible();
  // The page follows the job on its own (it re-asks the server every 2 s while the job runs).
  await expect(page.getByTestId('job-status')).toHaveText('Finished', { timeout: 120_000 });
  const bar = page.getByRole('progressbar', { name: 'Job progress' });
  await expect(bar).toHaveAttribute('value', '10');
  await expect(bar).toHaveAttribute('max', '10');
  await expect(page.getByText('10 of 10 requests (100%)')).toBeVisible();
  await expect(page.getByText('None.')).toBeVisible();
  expect(await page.content()).not.toContain('sk-e2e-secret-key-000');
  expect(server.stats().requests).toBe(10);

  // The labeler is handed one of the new items: two generated responses, no model name on the page.
  const labelerPage = await browser.newPage();
  await signInAndLand(labelerPage, labeler.email, PASSWORD, '/label');
  await labelerPage.goto(`/label/${project.id}`);
  await expect(labelerPage.getByText('Keyboard shortcuts on')).toBeVisible();
  await expect(labelerPage.getByText(/Generated prompt \d: explain tides\./).first()).toBeVisible();
  expect(await labelerPage.content()).not.toContain('secret-policy-7b');
  await labelerPage.keyboard.press('r');
  await expect(labelerPage.getByText(/^Ranking mode/)).toBeVisible();
  await labelerPage.keyboard.press('b');
  await labelerPage.keyboard.press('a');
  await labelerPage.keyboard.press('Enter');
  // Missing scores are a warning: a second Enter submits through it.
  const warnings = labelerPage.getByRole('group', { name: 'Before submitting' });
  const submitted = labelerPage.getByRole('status').filter({ hasText: 'Submitted — next task' });
  await expect(warnings.or(submitted)).toBeVisible();
  if (await warnings.isVisible()) await labelerPage.keyboard.press('Enter');
  await expect(submitted).toBeVisible();
  const judgments = await db().judgment.findMany({ where: { item: { projectId: project.id } }, select: { itemId: true, ranking: true } });
  expect(judgments).toHaveLength(1);
  const responses = await db().response.findMany({
    where: { itemId: judgments[0]!.itemId },
    select: { id: true, modelId: true, generationTaskId: true },
  });
  expect(responses).toHaveLength(2);
  expect(responses.every((r) => r.modelId === 'secret-policy-7b' && r.generationTaskId !== null)).toBe(true);
  await labelerPage.close();
});
