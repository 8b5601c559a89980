import { expect, test } from '@playwright/test';
import { startChatServer, type ChatServer } from '../tests/helpers/chat-server';
import { fixedJudge, makeJudgeProject } from '../tests/helpers/judge-fixture';
import { lastUserContent } from '../tests/helpers/judge-responder';
import { PASSWORD, signInAndLand } from './fixtures';

// Issue 25: a lead starts an AI judge run from the judge screen, watches it finish on the Jobs page,
// and sees the judge–human agreement on the dashboard: the local Chat Completions server returns
// fixed judgments (tests/helpers/judge-fixture.ts), so the figures are the hand-computed ones.

let server: ChatServer;
test.beforeAll(async () => {
  server = await startChatServer({ respond: (body) => fixedJudge(lastUserContent(body)) });
});
test.afterAll(async () => {
  await server.close();
});

test('a lead starts a judge run, watches it finish, and sees the judge beside the labelers on the dashboard', async ({ page }) => {
  test.setTimeout(180_000);
  const s = await makeJudgeProject({ baseUrl: server.url });
  await signInAndLand(page, s.lead.email, PASSWORD, '/projects');
  await page.goto(`/projects/${s.project.id}/dashboard`);
  const section = page.getByRole('region', { name: 'AI judge' });
  await expect(section.getByText('No AI judge run has labels yet.')).toBeVisible();
  await section.getByRole('link', { name: 'Start a judge run →' }).click();

  const form = page.getByRole('form', { name: 'Start a judge run' });
  await form.getByLabel('Connection').selectOption({ label: 'Judge conn (judge-model)' });
  await form.getByLabel('Items', { exact: true }).selectOption('labeled');
  await form.getByRole('button', { name: 'Start the judge run' }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${s.project.id}/jobs/[0-9a-f-]{36}$`));
  await expect(page.getByRole('heading', { name: 'AI judge run' })).toBeVisible();
  await expect(page.getByTestId('job-status')).toHaveText('Finished', { timeout: 120_000 });
  await expect(page.getByText('8 of 8 requests (100%)')).toBeVisible();

  await page.goto(`/projects/${s.project.id}/dashboard#judge`);
  const figures = page.getByRole('region', { name: 'AI judge' });
  const consensus = figures.getByRole('row', { name: /AI judge vs the labelers’ consensus/ });
  await expect(consensus).toContainText('66.7%');
  await expect(consensus).toContainText('2 of 3 pairs');
  await expect(figures.getByRole('row', { name: /AI judge vs each labeler/ })).toContainText('5 of 8 pairs');
  await expect(figures.getByRole('row', { name: /Labeler vs labeler/ })).toContainText('3 of 4 pairs');
  await expect(figures.getByRole('row', { name: /MT-Bench/ })).toContainText('66% / 63%');
  await expect(figures.getByText(/ordered 3 of 4 pairs the same way/)).toBeVisible();
});
