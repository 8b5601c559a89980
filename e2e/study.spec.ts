import { expect, test, type Browser, type Page } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import { createStudyLink } from '@/lib/study/create-study-link';
import { ZCreateStudyLink } from '@/lib/study/schemas';
import { db, makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';
import { baseUrl } from './security-fixtures';

// Study links (issue 30): a crowd-platform participant enters by URL with PROLIFIC_PID, STUDY_ID and
// SESSION_ID, labels on the ordinary task screen up to the quota, and sees the completion code; a
// participant failing the gold screening gets the screen-out code; a timed-out session's task goes
// back to the pool. Every test has its own project, link and participant ids.

// Entering is a server render, the client's sign-in round trips (CSRF, callback) and then the task page: on a
// loaded machine that takes longer than one expect's default.
const ENTRY_MS = 30_000;
const TEXTS = ['Red is a primary colour.', 'Blue, for one.', 'Green is not one in paint.'];

async function projectWithItems(options: { items: number; gold?: boolean }) {
  const lead = await makeUser('LEAD');
  const project = await makeProject({ members: [lead.email] });
  for (let n = 0; n < options.items; n++) {
    await buildItem({
      projectId: project.id,
      externalId: unique('item'),
      prompt: `Question ${unique('q')}: name a primary colour.`,
      responses: TEXTS.map((text, i) => ({ externalId: `r${i + 1}`, text })),
      ...(options.gold ? { gold: [0, 1, 2] } : {}),
    });
  }
  return { lead, project };
}

const participantUrl = (link: string, pid: string) =>
  link.replace('{{%PROLIFIC_PID%}}', pid).replace('{{%STUDY_ID%}}', 'STUDYE2E1').replace('{{%SESSION_ID%}}', `SESS${pid}`);
const pidOf = () => unique('5f').replace(/[^A-Za-z0-9]/g, '');

async function leadPage(browser: Browser, lead: { email: string }, projectId: string) {
  const context = await browser.newContext({ baseURL: baseUrl() });
  const page = await context.newPage();
  await signInAndLand(page, lead.email, PASSWORD, '/projects');
  await page.goto(`/projects/${projectId}/study`);
  return page;
}

/** Places the shown responses in the given order (response ids) and submits through any warnings. */
async function rankAndSubmit(
  page: Page,
  userId: string,
  projectId: string,
  order?: (shown: string[], itemId: string) => Promise<string[]>,
) {
  await expect(page.getByText('Keyboard shortcuts on')).toBeVisible();
  const a = await db().assignment.findFirstOrThrow({
    where: { userId, projectId, status: 'ACTIVE' },
    select: { shownOrder: true, itemId: true },
  });
  const ids = order ? await order(a.shownOrder, a.itemId) : a.shownOrder;
  for (const id of ids) await page.getByRole('button', { name: `Place ${'ABC'[a.shownOrder.indexOf(id)]} next` }).click();
  await page.getByRole('button', { name: /^Submit/ }).click();
  // No Likert scores were given: the checklist always asks once more.
  await page.getByRole('button', { name: 'Submit anyway' }).click();
}

const participantUser = async (pid: string) =>
  (await db().studyParticipant.findFirstOrThrow({ where: { platformPid: pid }, select: { userId: true } })).userId;

test.describe('study links', () => {
  test('a participant enters by URL, labels up to the quota, sees the completion code, and sees it again on return', async ({
    page,
    browser,
  }) => {
    test.slow(); // two accounts, two entries through the sign-in ticket, two submits
    const { lead, project } = await projectWithItems({ items: 4 });
    const lp = await leadPage(browser, lead, project.id);
    await lp.getByLabel('Link name').fill('Pilot');
    await lp.getByLabel('Quota', { exact: true }).fill('2');
    await lp.getByLabel('Completion code').fill('CE2E0042');
    await lp.getByRole('button', { name: 'Create study link' }).click();
    const link = await lp.getByLabel('Study URL (shown once)').inputValue();
    expect(link).toMatch(
      /\/study\/[A-Za-z0-9_-]{43}\?PROLIFIC_PID=\{\{%PROLIFIC_PID%\}\}&STUDY_ID=\{\{%STUDY_ID%\}\}&SESSION_ID=\{\{%SESSION_ID%\}\}$/,
    );

    // A parameter missing: the page names it.
    await page.goto(link.replace(/\?.*$/, '?STUDY_ID=S1&SESSION_ID=S2'));
    await expect(page.getByTestId('study-problem')).toHaveText('The link is missing the parameter PROLIFIC_PID.');

    const pid = pidOf();
    await page.goto(participantUrl(link, pid));
    await expect(page).toHaveURL(new RegExp(`/label/${project.id}$`), { timeout: ENTRY_MS });
    await expect(page.getByTestId('study-quota')).toHaveText('Study progress: 0 of 2 tasks done.', { timeout: ENTRY_MS });
    const userId = await participantUser(pid);
    await rankAndSubmit(page, userId, project.id);
    await expect(page.getByTestId('study-quota')).toHaveText('Study progress: 1 of 2 tasks done.');
    await rankAndSubmit(page, userId, project.id);
    await expect(page.getByTestId('study-code')).toHaveText('CE2E0042');
    expect(await db().judgment.count({ where: { userId } })).toBe(2);

    // Back through the link: the same account, the code again, no third task.
    await page.goto(participantUrl(link, pid));
    await expect(page).toHaveURL(new RegExp(`/label/${project.id}$`), { timeout: ENTRY_MS });
    await expect(page.getByTestId('study-code')).toHaveText('CE2E0042');
    expect(await db().assignment.count({ where: { userId } })).toBe(2);
    expect(await db().studyParticipant.count({ where: { platformPid: pid } })).toBe(1);

    // The lead sees the participant by platform id.
    await lp.reload();
    const row = lp.getByRole('table', { name: 'Participants of Pilot' }).getByRole('row').filter({ hasText: pid });
    await expect(row).toContainText('completed');
    await expect(row.getByRole('cell').nth(2)).toHaveText('2');
    await lp.context().close();
  });

  test('a participant who fails the gold screening gets the screen-out code and no more tasks', async ({ page }) => {
    test.slow();
    const { lead, project } = await projectWithItems({ items: 3, gold: true });
    const link = await createStudyLink({
      actorId: lead.id,
      input: ZCreateStudyLink.parse({
        projectId: project.id,
        name: 'Screened',
        platform: 'Prolific',
        quotaKind: 'tasks',
        quota: '3',
        completionCode: 'DONE0001',
        screenOutCode: 'SCRN0001',
        screeningGoldCount: '1',
        screeningMinAccuracy: '50',
        timeoutMinutes: '60',
      }),
    });
    const pid = pidOf();
    await page.goto(`/study/${link.token}?PROLIFIC_PID=${pid}&STUDY_ID=S1&SESSION_ID=S2`);
    await expect(page.getByTestId('study-quota')).toHaveText('Study progress: 0 of 3 tasks done.', { timeout: ENTRY_MS });
    const userId = await participantUser(pid);
    // The reverse of the gold order: every strict pair disagrees.
    await rankAndSubmit(page, userId, project.id, async (_shown, itemId) => {
      const item = await db().item.findUniqueOrThrow({ where: { id: itemId }, select: { goldRanking: true } });
      return (item.goldRanking as string[][]).flat().reverse();
    });
    await expect(page.getByTestId('study-code')).toHaveText('SCRN0001');
    await expect(page.getByRole('heading', { name: 'Study ended' })).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('study-code')).toHaveText('SCRN0001');
    expect(await db().assignment.count({ where: { userId } })).toBe(1);
  });

  test("a timed-out session's task goes back to the pool and cannot be submitted", async ({ page, browser }) => {
    test.slow();
    const { lead, project } = await projectWithItems({ items: 2 });
    const link = await createStudyLink({
      actorId: lead.id,
      input: ZCreateStudyLink.parse({
        projectId: project.id,
        name: 'Timed',
        platform: 'Prolific',
        quotaKind: 'tasks',
        quota: '2',
        completionCode: 'DONE0002',
        timeoutMinutes: '30',
      }),
    });
    const pid = pidOf();
    await page.goto(`/study/${link.token}?PROLIFIC_PID=${pid}&STUDY_ID=S1&SESSION_ID=S2`);
    await expect(page.getByText('Keyboard shortcuts on')).toBeVisible({ timeout: ENTRY_MS });
    const userId = await participantUser(pid);
    const live = await db().assignment.findFirstOrThrow({ where: { userId, status: 'ACTIVE' }, select: { id: true } });
    // Time moves: the session started 31 minutes ago. The lead's page evaluates active participants.
    await db().studyParticipant.updateMany({ where: { userId }, data: { startedAt: new Date(Date.now() - 31 * 60_000) } });
    const lp = await leadPage(browser, lead, project.id);
    const row = lp.getByRole('table', { name: 'Participants of Timed' }).getByRole('row').filter({ hasText: pid });
    await expect(row).toContainText('timed out');
    expect((await db().assignment.findUniqueOrThrow({ where: { id: live.id }, select: { status: true } })).status).toBe('RELEASED');
    // The participant's open screen cannot submit it.
    for (const letter of 'ABC') await page.getByRole('button', { name: `Place ${letter} next` }).click();
    await page.getByRole('button', { name: /^Submit/ }).click();
    await page.getByRole('button', { name: 'Submit anyway' }).click();
    await expect(page.getByText(/took this task back/)).toBeVisible();
    expect(await db().judgment.count({ where: { userId } })).toBe(0);
    await page.goto(`/label/${project.id}`);
    await expect(page.getByRole('heading', { name: 'Session ended' })).toBeVisible();
    await lp.context().close();
  });
});
