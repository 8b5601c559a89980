import { expect, test } from '@playwright/test';
import { buildItem, buildStepJudgment } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, signInAndLand } from './fixtures';

test('a labeler rates steps by keyboard, stops at the first error and submits; the lead sees step agreement on the dashboard', async ({
  page,
  browser,
}) => {
  const labeler = await makeUser('LABELER');
  const other = await makeUser('LABELER');
  const lead = await makeUser('LEAD');
  const project = await makeProject({
    members: [labeler.email, other.email, lead.email],
    settings: { goldRate: 0, taskMix: { rank: 0, steps: 1 }, steps: { split: 'blank_lines', untilFirstError: true } },
  });
  const solution = 'Multiply first: 3 × 4 = 12.\n\nThen add: 2 + 12 = 15.\n\n<b>The answer</b> is 15.';
  const item = await buildItem({
    projectId: project.id,
    prompt: 'What is 2 + 3 × 4?',
    responses: [{ text: solution, modelId: 'secret-model-s' }],
  });
  // Another labeler already put the first error at step 2.
  await buildStepJudgment({
    projectId: project.id,
    item,
    response: item.responses[0]!,
    userId: other.id,
    ratings: [1, -1],
    source: 'LABELED',
  });

  await signInAndLand(page, labeler.email, PASSWORD, '/label');
  await page.goto(`/label/${project.id}`);
  await expect(page.getByRole('heading', { name: 'Rate each step of the solution' })).toBeVisible();
  // Hydrated: the keyboard shortcuts work from now on.
  await expect(page.getByText('Keyboard shortcuts on')).toBeVisible();
  await expect(page.getByText('wrong or misleading')).toBeVisible();
  await expect(page.getByText('secret-model-s')).toHaveCount(0);
  // Model output is text: the tag shows as written, nothing is rendered from it.
  await expect(page.getByText('<b>The answer</b> is 15.')).toBeVisible();
  await expect(page.getByText('Still unrated: steps 1, 2 and 3.')).toBeVisible();

  // Enter with unrated steps is refused, naming them.
  await page.keyboard.press('Enter');
  await expect(page.getByText('Rate every step before submitting: steps 1, 2 and 3 are not rated yet.')).toBeVisible();

  await page.keyboard.press('3'); // step 1: positive; the screen moves on to step 2
  await expect(page.getByRole('listitem', { name: 'Step 1: Positive' })).toBeVisible();
  await page.keyboard.press('1'); // step 2: negative: labelling stops here
  await expect(page.getByRole('listitem', { name: 'Step 2: Negative' })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Step 3: not asked (after the first error)' })).toBeVisible();
  await expect(page.getByText('Every step asked is rated.')).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('i'); // the answer is incorrect
  await expect(page.getByLabel('The answer is incorrect')).toBeChecked();
  await page.keyboard.press('Enter');
  await expect(page.getByText('No tasks left in this project right now')).toBeVisible();

  const stored = await db().stepJudgment.findFirstOrThrow({
    where: { projectId: project.id, userId: labeler.id },
    select: { labels: true, finalAnswer: true, source: true, steps: true },
  });
  expect(stored).toEqual({
    labels: [{ rating: 1 }, { rating: -1 }],
    finalAnswer: 'INCORRECT',
    source: 'LABELED',
    steps: ['Multiply first: 3 × 4 = 12.', 'Then add: 2 + 12 = 15.', '<b>The answer</b> is 15.'],
  });

  const leadContext = await browser.newContext();
  const leadPage = await leadContext.newPage();
  await signInAndLand(leadPage, lead.email, PASSWORD, '/projects');
  await leadPage.goto(`/projects/${project.id}/dashboard`);
  const section = leadPage.getByRole('region', { name: 'Step labels' });
  await expect(section.locator('[data-stat="step-alpha"] dd').first()).toHaveText('1.000 (95% CI 1.000 to 1.000)');
  await expect(section.locator('[data-stat="step-first-error"] dd').first()).toHaveText('100.0% (95% CI 100.0% to 100.0%)');
  await expect(section.locator('[data-stat="step-responses"] dd').first()).toHaveText('1');
  await leadContext.close();
});
