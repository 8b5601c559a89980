import { expect, test } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, signInAndLand } from './fixtures';

test('a labeler writes a demonstration, finds the draft after a reload, submits; the lead rejects it with a reason the labeler sees on My work', async ({ page, browser }) => {
  const labeler = await makeUser('LABELER');
  const lead = await makeUser('LEAD');
  const project = await makeProject({ members: [labeler.email, lead.email] });
  await buildItem({ projectId: project.id, externalId: 'q-demo', prompt: 'What is 2+2?', responses: [{ text: 'It is five.', modelId: 'secret-model-x' }, { text: 'Four.' }] });

  // The lead turns demonstrations on (ranking off) on the task settings form.
  const leadContext = await browser.newContext();
  const leadPage = await leadContext.newPage();
  await signInAndLand(leadPage, lead.email, PASSWORD, '/projects');
  await leadPage.goto(`/projects/${project.id}/settings`);
  await leadPage.getByLabel('Rank', { exact: true }).fill('0');
  await leadPage.getByLabel('Demonstrate', { exact: true }).fill('1');
  await leadPage.getByLabel('Minimum length').fill('10');
  await leadPage.getByLabel('Show the model responses for reference').check();
  await leadPage.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(leadPage.getByText('Saved.')).toBeVisible();
  expect((await db().project.findUniqueOrThrow({ where: { id: project.id }, select: { settings: true } })).settings).toMatchObject({
    taskMix: { rank: 0, demonstrate: 1 },
    demonstrate: { minLength: 10, showResponses: true },
  });

  await signInAndLand(page, labeler.email, PASSWORD, '/label');
  await page.goto(`/label/${project.id}`);
  await expect(page.getByRole('heading', { name: 'Your ideal assistant response' })).toBeVisible();
  await expect(page.getByText('What is 2+2?')).toBeVisible();
  await page.getByText('Model responses for reference (2)').click();
  await expect(page.getByText('It is five.')).toBeVisible();
  await expect(page.getByText('secret-model-x')).toHaveCount(0);

  const editor = page.getByLabel('Demonstration (markdown)');
  await editor.fill('Short');
  await expect(page.getByText('Draft saved')).toBeVisible();
  await page.getByRole('button', { name: 'Submit demonstration' }).click();
  await expect(page.getByText('Write at least 10 characters.')).toBeVisible();

  await editor.fill('It is **4**, because 2 + 2');
  await expect(page.getByText('Draft saved')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Demonstration (markdown)')).toHaveValue('It is **4**, because 2 + 2');
  await page.getByLabel('Demonstration (markdown)').fill('It is **4**, because 2 + 2 = 4.');
  await page.getByRole('tab', { name: 'Preview' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Preview' }).locator('strong')).toHaveText('4');
  await page.getByRole('button', { name: 'Submit demonstration' }).click();
  await expect(page.getByText('No tasks left in this project right now')).toBeVisible();

  const stored = await db().demonstration.findFirstOrThrow({ where: { projectId: project.id }, select: { id: true, text: true, status: true, durationMs: true } });
  expect(stored).toMatchObject({ text: 'It is **4**, because 2 + 2 = 4.', status: 'SUBMITTED' });
  expect(stored.durationMs).toBeGreaterThan(0);

  await leadPage.goto(`/projects/${project.id}/demonstrations`);
  await expect(leadPage.getByText('It is 4, because 2 + 2 = 4.')).toBeVisible();
  await leadPage.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(leadPage.getByText('Say why it is rejected: the labeler sees it')).toBeVisible();
  await leadPage.getByLabel('Reason for rejecting').fill('Show the working step by step.');
  await leadPage.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(leadPage.getByText('No demonstrations here.')).toBeVisible();
  await leadContext.close();
  expect((await db().demonstration.findUniqueOrThrow({ where: { id: stored.id }, select: { status: true, reviewNote: true } })).reviewNote).toBe('Show the working step by step.');

  await page.goto('/my-work');
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Rejected demonstrations' }) });
  await expect(section).toContainText('Show the working step by step.');
  await expect(section).toContainText(project.name);
});
