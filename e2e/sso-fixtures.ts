import { expect, type Page } from '@playwright/test';
import { unique } from './fixtures';

/** The test OpenID Provider the e2e app signs in through (scripts/test.ts starts it: tests/helpers/oidc-provider.ts). */
export function idpIssuer(): string {
  const issuer = process.env.OIDC_ISSUER;
  if (!issuer) throw new Error('OIDC_ISSUER is not set: run the browser tests with `npm run test:e2e`');
  return issuer;
}

export const uniqueSsoEmail = (prefix: string) => `${unique(prefix)}@idp.e2e.test`;

/**
 * From the login page through the identity provider's form and back. The provider remembers who
 * signed in within one browser context, so a second sign-in there skips its form.
 */
export async function signInWithIdp(
  page: Page,
  person: { email: string; name?: string; groups?: string[] },
  options: { form?: boolean } = {},
) {
  await page.goto('/login');
  await expect(page.locator('html[data-hydrated]')).toBeAttached();
  await page.getByRole('button', { name: 'Continue with Test IdP' }).click();
  if (options.form === false) return;
  await expect(page.getByRole('heading', { name: 'Test identity provider' })).toBeVisible();
  expect(page.url().startsWith(idpIssuer())).toBe(true);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(person.email);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(person.name ?? '');
  await page.getByRole('textbox', { name: 'Groups', exact: true }).fill((person.groups ?? []).join(','));
  await page.getByRole('button', { name: 'Sign in to the test IdP' }).click();
}
