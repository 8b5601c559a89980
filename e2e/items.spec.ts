import { expect, test } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';

const MODELS = ['model-alpha', 'model-beta', 'model-gamma'];

/** An item with three responses (r1, r2, r3 from MODELS), each call newer than the last. */
async function makeItem(projectId: string, prompt: string, options: { texts?: string[] } = {}) {
  return buildItem({
    projectId,
    externalId: unique('item'),
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: prompt },
    ],
    metadata: { source: 'e2e' },
    responses: MODELS.map((modelId, i) => ({
      externalId: `r${i + 1}`,
      modelId,
      text: options.texts?.[i] ?? `Answer ${i + 1} by ${modelId}`,
    })),
  });
}

test('a lead searches the item list, opens an item, marks it gold with a tie and sees the badge in the list', async ({ page }) => {
  const lead = await makeUser('LEAD');
  const project = await makeProject({ members: [lead.email] });
  await makeItem(project.id, 'Explain photosynthesis to a child.');
  const haiku = await makeItem(project.id, 'Write a HAIKU about autumn rain.');
  await makeItem(project.id, 'List three prime numbers.');
  await signInAndLand(page, lead.email, PASSWORD, '/projects');

  await page.goto(`/projects/${project.id}/items`);
  await expect(page.getByText('3 items · newest first')).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(4);

  await page.getByLabel('Search prompts').fill('haiku');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]q=haiku/);
  await expect(page.getByText('1 item matches these filters')).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(2);

  await page.getByRole('link', { name: haiku.externalId ?? '' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(haiku.externalId ?? '');
  await expect(page.getByText('Write a HAIKU about autumn rain.')).toBeVisible();
  for (const [i, model] of MODELS.entries()) {
    const response = page.getByRole('article', { name: `Response r${i + 1}` });
    await expect(response).toContainText(`Model ${model}`);
    await expect(response).toContainText(`Answer ${i + 1} by ${model}`);
  }

  // A missing rank is reported next to its field and nothing is written.
  await page.getByLabel('Rank of response r1').fill('1');
  await page.getByLabel('Rank of response r2').fill('2');
  await page.getByRole('button', { name: 'Mark gold' }).click();
  await expect(page.locator(`#rank-${haiku.responses[2]?.id}-error`)).toHaveText('Give this response a rank');
  await expect(page.getByLabel('Rank of response r1')).toHaveValue('1');
  expect((await db().item.findUniqueOrThrow({ where: { id: haiku.id }, select: { isGold: true } })).isGold).toBe(false);

  await page.getByLabel('Rank of response r3').fill('1');
  await page.getByRole('button', { name: 'Mark gold' }).click();
  await expect(page.getByRole('status')).toHaveText('Marked gold: 2 ranks, with ties.');
  await expect(page.getByRole('listitem').filter({ hasText: 'r1 = r3' })).toBeVisible();
  const [r1, r2, r3] = haiku.responses.map((r) => r.id);
  expect(await db().item.findUniqueOrThrow({ where: { id: haiku.id }, select: { isGold: true, goldRanking: true } })).toEqual({
    isGold: true,
    goldRanking: [[r1, r3], [r2]],
  });

  await page.getByLabel('Priority').fill('1001');
  await page.getByRole('button', { name: 'Save priority' }).click();
  await expect(page.locator('#item-priority-error')).toHaveText('Priority must be at most 1000');
  await page.getByLabel('Priority').fill('25');
  await page.getByRole('button', { name: 'Save priority' }).click();
  await expect(page.getByText('Priority set to 25.')).toBeVisible();

  await page.getByRole('link', { name: /Items of/ }).click();
  await page.getByLabel('Gold only').check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]gold=1/);
  const row = page.getByRole('row').filter({ hasText: haiku.externalId ?? '' });
  await expect(row).toContainText('Gold');
  await expect(row.getByRole('cell').last()).toHaveText('25');
  await expect(page.getByRole('row')).toHaveCount(2);
});

test('a labeler of the project gets 403 on the item pages; a researcher reads them without the editors', async ({ browser }) => {
  const labeler = await makeUser('LABELER');
  const researcher = await makeUser('RESEARCHER');
  const project = await makeProject({ members: [labeler.email, researcher.email] });
  const item = await makeItem(project.id, 'Summarize the plot of Hamlet.');

  const labelerPage = await (await browser.newContext()).newPage();
  await signInAndLand(labelerPage, labeler.email, PASSWORD, '/label');
  for (const path of [`/projects/${project.id}/items`, `/projects/${project.id}/items/${item.id}`]) {
    const response = await labelerPage.goto(path);
    expect(response?.status()).toBe(403);
    await expect(labelerPage.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(labelerPage.getByText('Summarize the plot of Hamlet.')).toHaveCount(0);
  }

  const researcherPage = await (await browser.newContext()).newPage();
  await signInAndLand(researcherPage, researcher.email, PASSWORD, '/projects');
  await researcherPage.goto(`/projects/${project.id}/items/${item.id}`);
  await expect(researcherPage.getByRole('article', { name: 'Response r2' })).toContainText('Model model-beta');
  await expect(researcherPage.getByRole('button', { name: 'Mark gold' })).toHaveCount(0);
  await expect(researcherPage.getByRole('button', { name: 'Save priority' })).toHaveCount(0);
});

test('model output that looks like HTML is shown as literal text, never as markup', async ({ page }) => {
  const lead = await makeUser('LEAD');
  const project = await makeProject({ members: [lead.email] });
  const payload = '<img src=x onerror=alert(1)>';
  const item = await makeItem(project.id, 'Reply with <b>bold</b> HTML.', { texts: [payload, 'Fine.', 'Also fine.'] });
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  await signInAndLand(page, lead.email, PASSWORD, '/projects');

  await page.goto(`/projects/${project.id}/items`);
  await expect(page.getByRole('cell', { name: 'Reply with <b>bold</b> HTML.' })).toBeVisible();
  await expect(page.locator('table b')).toHaveCount(0);

  await page.goto(`/projects/${project.id}/items/${item.id}`);
  const response = page.getByRole('article', { name: 'Response r1' });
  await expect(response.getByText(payload, { exact: true })).toBeVisible();
  await expect(response.locator('img')).toHaveCount(0);
  await expect(page.locator('img')).toHaveCount(0);
  await expect(page.getByText('Reply with <b>bold</b> HTML.')).toBeVisible();
});

test('a search with over 1,000 matches says "more than 1,000" and pages on; the last page gives the exact count', async ({ page }) => {
  const lead = await makeUser('LEAD');
  const project = await makeProject({ members: [lead.email] });
  // 1,010 items mention a zebra, 5 a horse (one INSERT: a search counts its matches up to 1,000).
  await db().$executeRaw`
    INSERT INTO items ("projectId", "externalId", messages, "createdAt")
    SELECT ${project.id}::uuid, 'bulk-' || g,
      jsonb_build_array(jsonb_build_object('role', 'user', 'content', CASE WHEN g <= 1010 THEN 'Draw a zebra ' ELSE 'Draw a horse ' END || g)),
      timestamp '2027-01-01' + g * interval '1 second'
    FROM generate_series(1, 1015) g`;
  await signInAndLand(page, lead.email, PASSWORD, '/projects');

  await page.goto(`/projects/${project.id}/items`);
  await expect(page.getByText('1,015 items · newest first')).toBeVisible();

  await page.getByLabel('Search prompts').fill('zebra');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('More than 1,000 items match these filters')).toBeVisible();
  await expect(page.getByText('A search counts its matches up to 1,000; the pages go on past it.')).toBeVisible();
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(pages).toContainText('Page 1 of more than 20');
  await expect(page.getByRole('cell', { name: 'Draw a zebra 1010' })).toBeVisible();
  await pages.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(pages).toContainText('Page 2 of more than 20');

  // Page 21 counts to its own end (1,050) and finds the whole of it: the exact count, no next page.
  await page.goto(`/projects/${project.id}/items?q=zebra&page=21`);
  await expect(page.getByText('1,010 items match these filters')).toBeVisible();
  await expect(pages).toContainText('Page 21 of 21');
  await expect(pages.getByRole('link', { name: 'Next' })).toHaveCount(0);
  await expect(page.getByRole('row')).toHaveCount(11);
});
