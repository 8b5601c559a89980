import { expect, test } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, signInAndLand } from './fixtures';

test('a labeler writes a demonstration, finds the draft after a reload, submits; the lead rejects it with a reason the labeler sees on My work', async ({
  page,
  browser,
}) => {
  const labeler = await makeUser('LABELER');
  const lead = await makeUser('LEAD');
  const project = await makeProject({ members: [labeler.email, lead.email] });
  await buildItem({
    projectId: project.id,
    externalId: 'q-demo',
    prompt: 'What is 2+2?',
    responses: [{ text: 'It is five.', modelId: 'secret-model-x' }, { text: 'Four.' }],
  });

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

  const stored = await db().demonstration.findFirstOrThrow({
    where: { projectId: project.id },
    select: { id: true, text: true, status: true, durationMs: true },
  });
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
  expect(
    (await db().demonstration.findUniqueOrThrow({ where: { id: stored.id }, select: { status: true, reviewNote: true } })).reviewNote,
  ).toBe('Show the working step by step.');

  await page.goto('/my-work');
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Rejected demonstrations' }) });
  await expect(section).toContainText('Show the working step by step.');
  await expect(section).toContainText(project.name);
});

test('the task screen life is the same on every kind: a demonstration shows its reservation, keeps unsaved work in the browser, says "Submitted — next task", and skips', async ({
  page,
}) => {
  const labeler = await makeUser('LABELER');
  const project = await makeProject({ members: [labeler.email] });
  for (const externalId of ['q-one', 'q-two']) {
    await db().item.create({
      data: {
        projectId: project.id,
        externalId,
        messages: [{ role: 'user', content: `Question ${externalId}?` }],
        responses: { create: [{ text: 'One.' }, { text: 'Two.' }] },
      },
    });
  }
  await db().project.update({
    where: { id: project.id },
    data: { settings: { goldRate: 0, taskMix: { rank: 0, demonstrate: 1, perturb: 0, detect: 0 } } },
  });

  await signInAndLand(page, labeler.email, PASSWORD, '/label');
  await page.goto(`/label/${project.id}`);
  await expect(page.getByTestId('lease-note')).toHaveText(/^Reserved for you until \d{1,2}:\d{2}/);
  const first = await db().assignment.findFirstOrThrow({
    where: { projectId: project.id, userId: labeler.id, status: 'ACTIVE' },
    select: { id: true },
  });

  // The server cannot be reached for drafts: the text is kept in this browser and comes back on reload.
  const failSaves = (route: import('@playwright/test').Route) =>
    route.request().method() === 'POST' && (route.request().postData() ?? '').includes('activeMs') ? route.abort() : route.continue();
  await page.route(`**/label/${project.id}`, failSaves);
  const editor = page.getByLabel('Demonstration (markdown)');
  await expect(editor).toBeEditable();
  await editor.fill('Kept in the browser');
  await expect(page.getByRole('status').filter({ hasText: 'Not saved — retrying' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Demonstration (markdown)')).toHaveValue('Kept in the browser');
  await page.unroute(`**/label/${project.id}`, failSaves);
  await expect(page.getByRole('status').filter({ hasText: /^Draft saved \d/ })).toBeVisible({ timeout: 20_000 });
  expect((await db().assignment.findUniqueOrThrow({ where: { id: first.id }, select: { draft: true } })).draft).toMatchObject({
    text: 'Kept in the browser',
  });
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('preflab:')))).toEqual([]);

  await page.getByRole('button', { name: 'Submit demonstration' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Submitted — next task' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Conversation' })).toBeFocused();
  expect(await db().demonstration.count({ where: { assignmentId: first.id, text: 'Kept in the browser' } })).toBe(1);

  await page.getByRole('button', { name: 'Skip', exact: true }).click();
  await page.getByLabel('Not my area of expertise').check();
  await page.getByRole('button', { name: 'Skip task' }).click();
  await expect(page.getByText('No tasks left in this project right now')).toBeVisible();
  expect(
    await db().assignment.count({
      where: { projectId: project.id, userId: labeler.id, status: 'SKIPPED', skipReason: 'not_my_expertise' },
    }),
  ).toBe(1);
});
