import { expect, request, test } from '@playwright/test';
import { setPasswordSignIn } from '@/lib/auth/password-sign-in';
import { makeUser, PASSWORD, signInThroughFormAndLand } from './fixtures';
import { postCredentials, sessionCookie } from './security-fixtures';
import { signInWithIdp, uniqueSsoEmail } from './sso-fixtures';

// Runs in the project "chromium-after" (playwright.config.ts), which scripts/test.ts starts once every other spec has finished:
// password sign-in is off for the whole instance while it runs.
test.describe('password sign-in turned off', () => {
  test.afterAll(async () => {
    await setPasswordSignIn({ actorId: null, enabled: true });
  });

  test('SSO: an admin turns password sign-in off: the form is gone, the credentials endpoint refuses, SSO still works; then on again', async ({
    page,
    browser,
  }) => {
    const admin = await makeUser('ADMIN');
    const labeler = await makeUser('LABELER');
    await signInThroughFormAndLand(page, admin.email, PASSWORD, '/admin/users');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign-in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign-in' })).toBeVisible();
    await expect(page.getByTestId('sso-summary')).toContainText('idp-leads → LEAD');
    await expect(page.getByTestId('password-sign-in-status')).toContainText('Password sign-in is on');
    await page.getByRole('button', { name: 'Turn password sign-in off' }).click();
    await expect(page.getByTestId('password-sign-in-status')).toContainText('Password sign-in is off');

    const visitor = await browser.newContext();
    const login = await visitor.newPage();
    await login.goto('/login');
    await expect(login.getByRole('button', { name: 'Continue with Test IdP' })).toBeVisible();
    await expect(login.getByLabel('Password')).toHaveCount(0);
    await expect(login.getByRole('button', { name: 'Sign in', exact: true })).toHaveCount(0);

    const api = await request.newContext({ baseURL: process.env.E2E_BASE_URL! });
    const refused = await postCredentials(api, labeler.email, PASSWORD);
    expect(((await refused.json()) as { url: string }).url).toContain('error=');
    expect(await sessionCookie(api)).toBeUndefined();
    await api.dispose();

    await signInWithIdp(login, { email: uniqueSsoEmail('sso-only'), groups: ['idp-leads'] });
    await expect(login).toHaveURL(/\/projects$/);
    await visitor.close();

    // The admin's session was not touched; back on.
    await page.getByRole('button', { name: 'Turn password sign-in on' }).click();
    await expect(page.getByTestId('password-sign-in-status')).toContainText('Password sign-in is on');
    const back = await browser.newContext();
    const again = await back.newPage();
    await signInThroughFormAndLand(again, labeler.email, PASSWORD, '/label');
    await back.close();
  });
});
