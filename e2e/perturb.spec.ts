import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, signInAndLand } from './fixtures';

const ORIGINAL = 'Aspirin was first synthesised in 1897 by Felix Hoffmann at Bayer.';

test('a labeler plants a flaw (edits the text, fills the fields, sees the diff, submits); the lead marks the source, then accepts the perturbation', async ({
  page,
  browser,
}) => {
  const labeler = await makeUser('LABELER');
  const lead = await makeUser('LEAD');
  const project = await makeProject({ members: [labeler.email, lead.email] });
  const item = await buildItem({
    projectId: project.id,
    externalId: 'q-aspirin',
    prompt: 'Who first made aspirin?',
    responses: [
      { externalId: 'good', text: ORIGINAL, modelId: 'secret-model-x' },
      { externalId: 'weak', text: 'A chemist.' },
    ],
  });
  // Perturb only, and only marked responses are sources.
  await db().project.update({
    where: { id: project.id },
    data: {
      settings: {
        goldRate: 0,
        taskMix: { rank: 0, demonstrate: 0, perturb: 1, detect: 0 },
        perturb: { overlap: 1, sourceMinLikert: null },
      },
    },
  });

  const leadContext = await browser.newContext();
  const leadPage = await leadContext.newPage();
  await signInAndLand(leadPage, lead.email, PASSWORD, '/projects');
  await leadPage.goto(`/projects/${project.id}/items/${item.id}`);
  await leadPage.getByRole('button', { name: 'Mark as source: good' }).click();
  await expect(leadPage.getByRole('button', { name: 'Unmark as source: good' })).toBeVisible();

  await signInAndLand(page, labeler.email, PASSWORD, '/label');
  await page.goto(`/label/${project.id}`);
  await expect(page.getByRole('heading', { name: 'Plant one subtle but important flaw' })).toBeVisible();
  await expect(page.getByText('Who first made aspirin?')).toBeVisible();
  await expect(page.getByText('secret-model-x')).toHaveCount(0);
  const editor = page.getByLabel('Flawed version (edit this copy of the response)');
  await expect(editor).toHaveValue(ORIGINAL);
  await page.waitForFunction(() => Object.keys(document.querySelector('main') ?? document.body).some((k) => k.startsWith('__react')));

  // An unchanged text and empty fields are refused, naming them.
  await page.getByRole('button', { name: 'Submit perturbation' }).click();
  await expect(page.getByText('Say what the flaw is').first()).toBeVisible();

  await editor.fill(ORIGINAL.replace('1897', '1899'));
  const diff = page.getByRole('region', { name: 'Your change to the response' });
  await expect(diff.locator('del')).toHaveText('1897');
  await expect(diff.locator('ins')).toHaveText('1899');
  await page.getByLabel('What the flaw is').fill('The year is 1899; aspirin was first synthesised in 1897.');
  await page.getByLabel('Category').selectOption('accuracy');
  await page.getByRole('radio', { name: '3 · major' }).check();
  await page.getByLabel('Why a careful reader could miss it').fill('A plausible year two off.');
  await expect(page.getByText('Draft saved')).toBeVisible();

  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
  ).toEqual([]);

  await page.getByRole('button', { name: 'Submit perturbation' }).click();
  await expect(page.getByText('No tasks left in this project right now')).toBeVisible();
  const stored = await db().perturbation.findFirstOrThrow({ where: { projectId: project.id } });
  expect(stored).toMatchObject({ status: 'SUBMITTED', category: 'ACCURACY', severity: 3, authorId: labeler.id });
  expect(stored.flawedText.slice(stored.flawedStart, stored.flawedEnd)).toBe('1899');

  await leadPage.goto(`/projects/${project.id}/perturbations`);
  await expect(leadPage.getByText('The year is 1899; aspirin was first synthesised in 1897.')).toBeVisible();
  await expect(leadPage.getByRole('region', { name: /^Flawed text of perturbation/ }).locator('mark')).toHaveText('1899');
  // One name per severity level on every screen (issue 18): the review says what the perturb screen said.
  await expect(leadPage.getByText('3 · major', { exact: true })).toBeVisible();
  await leadPage.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(leadPage.getByText('No perturbations here.')).toBeVisible();
  await leadPage.getByRole('link', { name: 'Accepted' }).click();
  await expect(leadPage.getByText('A plausible year two off.')).toBeVisible();
  await leadContext.close();
  expect((await db().perturbation.findUniqueOrThrow({ where: { id: stored.id }, select: { status: true } })).status).toBe('ACCEPTED');
  expect(
    await db().auditEvent.count({ where: { projectId: project.id, action: { in: ['perturbation.accept', 'response.perturb_source'] } } }),
  ).toBe(2);
});
