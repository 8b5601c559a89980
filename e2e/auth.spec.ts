import { expect, test } from '@playwright/test';
import { db, makeProject, makeUser, PASSWORD, signIn, signInThroughFormAndLand } from './fixtures';

test.describe('sign-in', () => {
  const homes = [
    { role: 'ADMIN', path: '/admin/users', heading: 'Users' },
    { role: 'LEAD', path: '/projects', heading: 'Projects' },
    { role: 'RESEARCHER', path: '/projects', heading: 'Projects' },
    { role: 'LABELER', path: '/label', heading: 'Your projects' },
  ] as const;

  for (const home of homes) {
    test(`${home.role} signs in and lands on ${home.path}`, async ({ page }) => {
      const user = await makeUser(home.role);
      await signInThroughFormAndLand(page, user.email, PASSWORD, home.path);
      await expect(page.getByRole('heading', { level: 1, name: home.heading })).toBeVisible();
      await expect(page.getByRole('banner')).toContainText(home.role);
    });
  }

  test('signing out ends the session', async ({ page }) => {
    const user = await makeUser('LABELER');
    await signInThroughFormAndLand(page, user.email, PASSWORD, '/label');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/label');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('a wrong password shows an error and no session', async ({ page }) => {
    const user = await makeUser('LABELER');
    await signIn(page, user.email, 'not-the-password');
    await expect(page.getByTestId('login-error')).toHaveText('Invalid email or password');
    await page.goto('/label');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('empty fields are reported next to the inputs', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#email-error')).toHaveText('Email is required');
    await expect(page.locator('#password-error')).toHaveText('Password is required');
  });

  test('the 11th rapid attempt is blocked, even with the right password', async ({ page }) => {
    const user = await makeUser('LABELER');
    for (let i = 1; i <= 10; i++) {
      await signIn(page, user.email, `wrong-password-${i}`);
      await expect(page.getByTestId('login-error')).toHaveText('Invalid email or password');
    }
    await signIn(page, user.email, PASSWORD);
    await expect(page.getByTestId('login-error')).toContainText('Too many failed sign-in attempts');
    await expect(page).toHaveURL(/\/login$/);
    const blocked = await db().loginAttempt.count({ where: { email: user.email, outcome: 'BLOCKED' } });
    expect(blocked).toBe(1);
  });

  test('a deactivated user cannot sign in, and their open session ends', async ({ page, browser }) => {
    const admin = await makeUser('ADMIN');
    const labeler = await makeUser('LABELER');

    const labelerContext = await browser.newContext();
    const labelerPage = await labelerContext.newPage();
    await signInThroughFormAndLand(labelerPage, labeler.email, PASSWORD, '/label');

    await signInThroughFormAndLand(page, admin.email, PASSWORD, '/admin/users');
    await page.getByRole('button', { name: `Deactivate ${labeler.email}` }).click();
    await expect(page.getByTestId(`user-row-${labeler.email}`)).toContainText('deactivated');

    await labelerPage.reload();
    await expect(labelerPage).toHaveURL(/\/login$/);
    await signIn(labelerPage, labeler.email, PASSWORD);
    await expect(labelerPage.getByTestId('login-error')).toContainText('deactivated');
    await labelerContext.close();
  });
});

test.describe('authorization', () => {
  test('a labeler opening lead and admin pages is refused', async ({ page }) => {
    const labeler = await makeUser('LABELER');
    const project = await makeProject({ members: [labeler.email] });
    await signInThroughFormAndLand(page, labeler.email, PASSWORD, '/label');

    for (const path of ['/admin/users', '/projects', `/projects/${project.id}`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    }
    // A project the labeler does not belong to is reported as missing, not forbidden.
    const other = await makeProject({ members: [] });
    const response = await page.goto(`/label/${other.id}`);
    expect(response?.status()).toBe(404);
  });

  test('a labeler replaying a lead server action is refused and nothing is written', async ({ page, browser }) => {
    const lead = await makeUser('LEAD');
    const labeler = await makeUser('LABELER');

    // Capture the real request the lead's browser sends when creating a project.
    await signInThroughFormAndLand(page, lead.email, PASSWORD, '/projects');
    const leadSlug = `lead-${Date.now()}`;
    await page.getByLabel('Name').fill('Lead project');
    await page.getByLabel('Slug').fill(leadSlug);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined),
      page.getByRole('button', { name: 'Create project' }).click(),
    ]);
    await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
    const headers = request.headers();
    const body = request.postData() ?? '';
    expect(body).toContain(leadSlug);

    // Replay it with the labeler's session and another slug.
    const context = await browser.newContext();
    const labelerPage = await context.newPage();
    await signInThroughFormAndLand(labelerPage, labeler.email, PASSWORD, '/label');
    const replaySlug = `replay-${Date.now()}`;
    const response = await labelerPage.request.post('/projects', {
      headers: { 'next-action': headers['next-action'] ?? '', 'content-type': headers['content-type'] ?? '', accept: 'text/x-component' },
      data: Buffer.from(body.replaceAll(leadSlug, replaySlug)),
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(await db().project.count({ where: { slug: replaySlug } })).toBe(0);
    expect(await db().project.count({ where: { slug: leadSlug } })).toBe(1);
    await context.close();
  });
});

test.describe('health', () => {
  test('GET /api/health reports the database over HTTP', async ({ request }) => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'up' });
  });
});
