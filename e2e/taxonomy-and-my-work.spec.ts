import { expect, test, type Page } from '@playwright/test';
import { buildAssignment, buildItem, buildJudgment } from '@/lib/builders';
import { updateTaxonomy } from '@/lib/taxonomy/update-taxonomy';
import { db, makeProject, makeUser, PASSWORD, signInAndLand } from './fixtures';

const storedVersions = async (projectId: string) =>
  db().flagTaxonomy.findMany({
    where: { projectId },
    orderBy: { version: 'asc' },
    select: { version: true, responseFlags: true, promptFlags: true },
  });

const taxonomyPointer = async (projectId: string) =>
  (
    (await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } })).settings as {
      taxonomyVersion?: number;
    }
  ).taxonomyVersion;

const labelInput = (page: Page, list: 'response' | 'prompt', n: number) => page.getByLabel(`Label of ${list} flag ${n}`, { exact: true });

test('a lead adds, renames and moves flags in the taxonomy; version 2 is shown and stored, and keys survive later renames', async ({
  page,
}) => {
  const lead = await makeUser('LEAD');
  const project = await makeProject({ members: [lead.email] });
  await signInAndLand(page, lead.email, PASSWORD, '/projects');

  await page.goto(`/projects/${project.id}`);
  await page.getByRole('link', { name: 'Flag taxonomy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Flag taxonomy' })).toBeVisible();
  await expect(page.getByText('Current version 1 · 11 response flags · 5 prompt flags')).toBeVisible();
  await expect(
    page.getByText('Labels already given keep the version they were made under; tasks handed out from now on use the new version.'),
  ).toBeVisible();
  await expect(labelInput(page, 'response', 2)).toHaveValue('Hallucination / makes up facts');

  // A prompt flag left without a label is refused, named by its place and field; nothing is written.
  await page.getByRole('button', { name: 'Add a prompt flag' }).click();
  await expect(labelInput(page, 'prompt', 6)).toBeFocused();
  await page.getByRole('button', { name: 'Save as version 2' }).click();
  await expect(page.getByText('Prompt flag 6, label: A flag needs a label')).toBeVisible();
  await expect(labelInput(page, 'prompt', 6)).toHaveAttribute('aria-invalid', 'true');
  expect(await storedVersions(project.id)).toEqual([]);
  await page.getByRole('button', { name: 'Remove prompt flag 6' }).click();
  await expect(labelInput(page, 'prompt', 6)).toHaveCount(0);

  await labelInput(page, 'response', 2).fill('Makes up facts');
  await page.getByRole('button', { name: 'Add a response flag' }).click();
  await labelInput(page, 'response', 12).fill('Too long');
  await expect(page.getByText('key: too_long (new)')).toBeVisible();
  await page.getByLabel('Description of response flag 12', { exact: true }).fill('Longer than the question needs');
  await page.getByRole('button', { name: 'Move response flag 12 up' }).click();
  await expect(labelInput(page, 'response', 11)).toHaveValue('Too long');
  await expect(labelInput(page, 'response', 12)).toHaveValue('Satisfies the constraints in the instruction');
  await page.getByRole('button', { name: 'Save as version 2' }).click();

  await expect(page.getByRole('status')).toHaveText('Saved as version 2.');
  await expect(page.getByText('Current version 2 · 12 response flags · 5 prompt flags')).toBeVisible();
  const versionRow = page.getByRole('row').filter({ hasText: lead.name });
  await expect(versionRow).toContainText('current');
  await expect(versionRow.getByRole('cell').first()).toContainText('2');
  await expect(page.getByRole('row').filter({ hasText: 'Built-in default' })).toBeVisible();
  await expect(page.getByText('key: too_long', { exact: true })).toBeVisible();

  const [v2] = await storedVersions(project.id);
  expect(v2?.version).toBe(2);
  const flags = v2?.responseFlags as { key: string; label: string; description: string }[];
  expect(flags).toHaveLength(12);
  expect(flags[1]).toEqual({ key: 'hallucination', label: 'Makes up facts', description: '' });
  expect(flags[10]).toEqual({ key: 'too_long', label: 'Too long', description: 'Longer than the question needs' });
  expect(flags[11]?.key).toBe('satisfies_constraints');
  expect(v2?.promptFlags).toHaveLength(5);
  expect(await taxonomyPointer(project.id)).toBe(2);

  // The flag added in version 2 now has a key, which a rename keeps.
  await labelInput(page, 'response', 11).fill('Far too long');
  await page.getByRole('button', { name: 'Save as version 3' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved as version 3.');
  const v3 = (await storedVersions(project.id)).find((v) => v.version === 3);
  expect((v3?.responseFlags as { key: string; label: string }[])[10]).toMatchObject({ key: 'too_long', label: 'Far too long' });
});

test('a taxonomy save from a version someone else replaced meanwhile is refused and the edit is kept', async ({ page }) => {
  const lead = await makeUser('LEAD');
  const project = await makeProject({ members: [lead.email] });
  await signInAndLand(page, lead.email, PASSWORD, '/projects');
  await page.goto(`/projects/${project.id}/taxonomy`);
  await expect(page.getByText(/^Current version 1/)).toBeVisible();

  // Another tab saves version 2 while this page still shows version 1.
  await updateTaxonomy({
    actorId: lead.id,
    projectId: project.id,
    baseVersion: 1,
    flags: { responseFlags: [{ key: 'rude', label: 'Rude', description: '' }], promptFlags: [] },
  });
  await labelInput(page, 'response', 1).fill('Ignores the instruction');
  await page.getByRole('button', { name: 'Save as version 2' }).click();

  await expect(page.getByRole('status')).toHaveText('Someone else changed the taxonomy meanwhile; reload to see their version');
  await expect(labelInput(page, 'response', 1)).toHaveValue('Ignores the instruction');
  expect((await storedVersions(project.id)).map((v) => [v.version, v.responseFlags])).toEqual([
    [2, [{ key: 'rude', label: 'Rude', description: '' }]],
  ]);
});

test('the taxonomy page is refused to a labeler (403) and to a lead of another project (404), and its save cannot reach another project', async ({
  browser,
}) => {
  const labeler = await makeUser('LABELER');
  const lead = await makeUser('LEAD');
  const project = await makeProject({ members: [labeler.email] });
  const own = await makeProject({ members: [lead.email] });

  const labelerPage = await (await browser.newContext()).newPage();
  await signInAndLand(labelerPage, labeler.email, PASSWORD, '/label');
  const forbidden = await labelerPage.goto(`/projects/${project.id}/taxonomy`);
  expect(forbidden?.status()).toBe(403);
  await expect(labelerPage.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await expect(labelerPage.getByRole('button', { name: /Save as version/ })).toHaveCount(0);

  const leadPage = await (await browser.newContext()).newPage();
  await signInAndLand(leadPage, lead.email, PASSWORD, '/projects');
  const missing = await leadPage.goto(`/projects/${project.id}/taxonomy`);
  expect(missing?.status()).toBe(404);

  // The lead's own form, pointed at the other project: the server checks the id it is sent.
  await leadPage.goto(`/projects/${own.id}/taxonomy`);
  await labelInput(leadPage, 'response', 1).fill('Planted');
  await leadPage.locator('input[name="projectId"]').evaluate((input, id) => ((input as HTMLInputElement).value = id), project.id);
  await leadPage.getByRole('button', { name: 'Save as version 2' }).click();
  await expect(leadPage.getByRole('heading', { name: 'Not found' })).toBeVisible();
  expect(await storedVersions(project.id)).toEqual([]);
  expect(await storedVersions(own.id)).toEqual([]);
  expect(await taxonomyPointer(project.id)).toBeUndefined();
});

/** The value shown under a measure's term on My work. */
const measure = (page: Page, term: string) => page.getByRole('term').filter({ hasText: term }).locator('xpath=following-sibling::dd[1]');

/** A submitted ranking by `userId`, written straight to the database as the engine would leave it. */
async function judged(projectId: string, userId: string, durationMs: number, slot: number) {
  const item = await buildItem({
    projectId,
    externalId: `mw-${durationMs}-${slot}`,
    prompt: 'Which answer is better?',
    responses: [
      { externalId: 'a', text: 'One' },
      { externalId: 'b', text: 'Two' },
    ],
  });
  const shownOrder = item.responses.map((r) => r.id);
  const assignment = await buildAssignment({
    projectId,
    itemId: item.id,
    userId,
    status: 'SUBMITTED',
    leaseExpiresAt: new Date(Date.now() + 3_600_000),
    shownOrder,
    slot,
    submittedAt: new Date(),
  });
  await buildJudgment({
    item: { id: item.id, responses: shownOrder },
    userId,
    assignmentId: assignment.id,
    source: 'LABELED',
    durationMs,
    ratings: false,
  });
}

test('a labeler with two judgments sees 2 labels and the median time on my work; a new labeler sees the empty state', async ({
  browser,
}) => {
  const labeler = await makeUser('LABELER');
  const newcomer = await makeUser('LABELER');
  const project = await makeProject({ members: [labeler.email, newcomer.email] });
  // Median of 60 s and 106 s: 83 s.
  await judged(project.id, labeler.id, 60_000, 0);
  await judged(project.id, labeler.id, 106_000, 0);

  const page = await (await browser.newContext()).newPage();
  await signInAndLand(page, labeler.email, PASSWORD, '/label');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work', exact: true }).click();
  await expect(page).toHaveURL(/\/my-work$/);
  await expect(page.getByRole('heading', { level: 1, name: 'My work' })).toBeVisible();
  await expect(measure(page, 'Labels in total')).toHaveText('2');
  await expect(measure(page, 'Labels today')).toHaveText('2');
  await expect(measure(page, 'Median time per task')).toHaveText('1 min 23 s');
  await expect(measure(page, 'Skipped')).toHaveText('0');
  // The per-project table (My timesheet below it, captioned, has a row per day and project too).
  const row = page
    .getByRole('table')
    .filter({ hasNot: page.locator('caption') })
    .getByRole('row', { name: new RegExp(project.name) });
  // Then agreement and gold accuracy: nobody else judged these items, and none is gold.
  await expect(row.getByRole('cell')).toHaveText(['2', '2', '1 min 23 s', '0', '—', '—']);

  const fresh = await (await browser.newContext()).newPage();
  await signInAndLand(fresh, newcomer.email, PASSWORD, '/label');
  await fresh.getByRole('link', { name: 'See your numbers in My work' }).click();
  await expect(fresh.getByText('You have not labeled anything yet.')).toBeVisible();
  await expect(fresh.getByRole('definition')).toHaveCount(0);
  await expect(fresh.getByRole('row', { name: new RegExp(project.name) }).getByRole('cell')).toHaveText(['0', '0', '—', '0', '—', '—']);
});
