import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { insertItems } from '@/lib/builders';
import { startChatServer, type ChatServer } from '../tests/helpers/chat-server';
import { db, makeProject, makeUser, PASSWORD, signInAndLand } from './fixtures';
import { addModelConnection } from './model-connection-fixtures';

// Issue 25: a lead turns assistance on (the assistant's connection is the deterministic Chat
// Completions server of tests/helpers, on 127.0.0.1), a labeler opens the Assistant panel, asks for
// a critique (answered with an HTML payload, which must stay text), sees it, submits the ranking;
// the lead sees the assistance use on the dashboard.

let server: ChatServer;
test.beforeAll(async () => {
  server = await startChatServer({ seed: 25 });
});
test.afterAll(async () => {
  await server.close();
});

const PAYLOAD = 'Response A overstates the population. <img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>';

test('a lead turns assistance on; a labeler asks the Assistant for a critique, sees it and submits; the lead sees the use', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const lead = await makeUser('LEAD');
  const labeler = await makeUser('LABELER');
  const project = await makeProject({ members: [lead.email, labeler.email] });
  await insertItems({
    projectId: project.id,
    // Two items: after the submit the next task (and its "Submitted — next task" notice) follows.
    count: 2,
    prompt: () => 'How many people live in Paris?',
    responses: ['About 20 million people live in Paris proper.', 'About 2.1 million people live in Paris proper.'],
  });

  await signInAndLand(page, lead.email, PASSWORD, '/projects');
  await addModelConnection(page, { projectId: project.id, name: 'Helper model', baseUrl: server.url, model: 'secret-helper-9b' });
  await page.goto(`/projects/${project.id}/settings`);
  await expect(page.locator('html[data-hydrated]')).toBeAttached();
  await page.getByLabel('Offer AI assistance while labeling').check();
  await page.getByLabel('Assistant connection').selectOption({ label: 'Helper model (secret-helper-9b)' });
  await page.getByRole('button', { name: 'Save assistance' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const settings = (await db().project.findUniqueOrThrow({ where: { id: project.id }, select: { settings: true } })).settings as {
    assistance?: { enabled: boolean };
  };
  expect(settings.assistance?.enabled).toBe(true);

  // A context of its own: axe needs one (it opens a page beside this one).
  const labelerContext = await browser.newContext();
  const labelerPage = await labelerContext.newPage();
  await signInAndLand(labelerPage, labeler.email, PASSWORD, '/label');
  await labelerPage.goto(`/label/${project.id}`);
  await expect(labelerPage.getByText('Keyboard shortcuts on')).toBeVisible();
  const panel = labelerPage.getByRole('region', { name: 'Assistant', exact: true });
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Open assistant' }).click();
  await expect(panel.getByRole('button', { name: 'Close assistant' })).toHaveAttribute('aria-expanded', 'true');
  await expect(panel.getByLabel('Ask for')).toHaveValue('CRITIQUE');
  await panel.getByLabel('About').selectOption({ label: 'Response A' });
  server.script([
    {
      body: {
        id: 'chatcmpl-e2e',
        object: 'chat.completion',
        model: 'secret-helper-9b',
        choices: [{ index: 0, message: { role: 'assistant', content: PAYLOAD }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 50, completion_tokens: 12 },
      },
    },
  ]);
  await panel.getByRole('button', { name: 'Ask', exact: true }).click();
  const answer = panel.getByRole('listitem').filter({ hasText: 'Critique of Response A' });
  await expect(answer).toContainText(PAYLOAD);
  // The payload stayed text: no element made of it, no script ran.
  await expect(answer.locator('img, script')).toHaveCount(0);
  expect(await labelerPage.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await labelerPage.content()).not.toContain('secret-helper-9b');
  const { violations } = await new AxeBuilder({ page: labelerPage }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // Back to the ranking: focus out of the panel (its controls keep their keys), then the keyboard ranking.
  await labelerPage.getByRole('heading', { name: 'Prompt', exact: true }).focus();
  await labelerPage.keyboard.press('r');
  await expect(labelerPage.getByText(/^Ranking mode/)).toBeVisible();
  await labelerPage.keyboard.press('b');
  await labelerPage.keyboard.press('a');
  await labelerPage.keyboard.press('Enter');
  const warnings = labelerPage.getByRole('group', { name: 'Before submitting' });
  const submitted = labelerPage.getByRole('status').filter({ hasText: 'Submitted — next task' });
  await expect(warnings.or(submitted)).toBeVisible();
  if (await warnings.isVisible()) await labelerPage.keyboard.press('Enter');
  await expect(submitted).toBeVisible();

  const stored = await db().assistanceRequest.findMany({
    where: { projectId: project.id },
    include: { assignment: { include: { judgment: true } } },
  });
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    kind: 'CRITIQUE',
    responseLabel: 'A',
    status: 'ANSWERED',
    answer: PAYLOAD,
    modelReported: 'secret-helper-9b',
  });
  expect(stored[0]!.assignment.judgment).not.toBeNull();
  await labelerContext.close();

  await page.goto(`/projects/${project.id}/dashboard`);
  const section = page.getByRole('region', { name: 'Assistance', exact: true });
  await expect(section).toBeVisible({ timeout: 30_000 });
  await expect(section.getByRole('row', { name: /Share that asked at least once/ })).toContainText('1 of 1');
  await expect(section.getByRole('row', { name: /Critiques per task/ })).toContainText('1.00');
});
