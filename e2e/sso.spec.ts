import { expect, test } from '@playwright/test';
import { setUserActive } from '@/lib/users/set-user-active';
import { db, makeUser, PASSWORD, signInAndLand } from './fixtures';
import { idpIssuer, signInWithIdp, uniqueSsoEmail } from './sso-fixtures';

// Single sign-on (issue 30) through a real OpenID Provider on a local port (tests/helpers/oidc-provider.ts);
// the app's map: idp-admins=ADMIN, idp-leads=LEAD, idp-researchers=RESEARCHER, default LABELER.
test.describe('single sign-on', () => {
  test('SSO: a first sign-in in the lead group creates a LEAD account and lands on Projects, with PKCE, state and nonce', async ({
    page,
  }) => {
    const email = uniqueSsoEmail('sso-lead');
    expect(await db().user.findUnique({ where: { email } })).toBeNull();
    await signInWithIdp(page, { email, name: 'Lena Lead', groups: ['some-other-group', 'idp-leads'] });
    await expect(page).toHaveURL(/\/projects$/);
    await expect(page.getByRole('banner')).toContainText('Lena Lead');
    await expect(page.getByRole('banner')).toContainText('LEAD');
    const user = await db().user.findUniqueOrThrow({ where: { email }, select: { role: true, passwordHash: true, name: true } });
    expect(user).toEqual({ role: 'LEAD', passwordHash: null, name: 'Lena Lead' });
    const created = await db().auditEvent.findFirst({ where: { action: 'user.create', data: { path: ['email'], equals: email } } });
    expect(created?.data).toMatchObject({ via: 'oidc', role: 'LEAD', group: 'idp-leads' });

    const stats = (await (await fetch(`${idpIssuer()}/__stats`)).json()) as {
      authorizations: { codeChallengeMethod: string | null; state: boolean; nonce: boolean }[];
      logins: string[];
    };
    expect(stats.logins).toContain(email);
    expect(stats.authorizations.length).toBeGreaterThan(0);
    for (const seen of stats.authorizations) expect(seen).toMatchObject({ codeChallengeMethod: 'S256', state: true, nonce: true });
  });

  test('SSO: without a mapped group the account gets the default role (LABELER); the group decides again at the next sign-in', async ({
    browser,
  }) => {
    const email = uniqueSsoEmail('sso-plain');
    const first = await browser.newContext();
    const page = await first.newPage();
    await signInWithIdp(page, { email, name: 'Pat Plain', groups: [] });
    await expect(page).toHaveURL(/\/label$/);
    await expect(page.getByRole('banner')).toContainText('LABELER');
    await first.close();

    // A fresh browser: the provider asks again, now with the researchers' group.
    const second = await browser.newContext();
    const again = await second.newPage();
    await signInWithIdp(again, { email, name: 'Pat Plain', groups: ['idp-researchers'] });
    await expect(again).toHaveURL(/\/projects$/);
    await expect(again.getByRole('banner')).toContainText('RESEARCHER');
    expect((await db().user.findUniqueOrThrow({ where: { email } })).role).toBe('RESEARCHER');
    await second.close();
  });

  test('SSO: an existing password account is linked by its email and keeps its password', async ({ page }) => {
    const existing = await makeUser('LABELER');
    await signInWithIdp(page, { email: existing.email, groups: [] });
    await expect(page).toHaveURL(/\/label$/);
    expect(await db().user.count({ where: { email: existing.email } })).toBe(1);
    expect((await db().user.findUniqueOrThrow({ where: { email: existing.email } })).passwordHash).not.toBeNull();
  });

  test('SSO: deactivation ends the live session, and the deactivated account is refused at the next sign-in', async ({ page, browser }) => {
    const email = uniqueSsoEmail('sso-gone');
    await signInWithIdp(page, { email, name: 'Gone Soon', groups: [] });
    await expect(page).toHaveURL(/\/label$/);
    const user = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true } });

    const admin = await makeUser('ADMIN');
    const adminPage = await browser.newPage();
    await signInAndLand(adminPage, admin.email, PASSWORD, '/admin/users');
    await adminPage.getByRole('button', { name: `Deactivate ${email}` }).click();
    await expect(adminPage.getByTestId(`user-row-${email}`)).toContainText('deactivated');
    await adminPage.close();

    await page.goto('/label');
    await expect(page).toHaveURL(/\/login$/);
    // The provider still knows this browser: it sends it straight back, and the app refuses.
    await signInWithIdp(page, { email }, { form: false });
    await expect(page).toHaveURL(/\/login\?error=SsoDeactivated$/);
    await expect(page.getByTestId('sso-error')).toHaveText('This account is deactivated. Ask an administrator to reactivate it.');
    await page.goto('/label');
    await expect(page).toHaveURL(/\/login$/);

    // Reactivated, the same person signs in again.
    await setUserActive({ actorId: null, input: { userId: user.id, active: true } });
    await signInWithIdp(page, { email }, { form: false });
    await expect(page).toHaveURL(/\/label$/);
  });
});
