import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { TRole } from '@/lib/auth/schemas';
// The builders one by one, not the lib/builders barrel: it loads lib/export, which Playwright's loader cannot import.
import { buildProject } from '@/lib/builders/build-project';
import { BUILT_PASSWORD, buildUser } from '@/lib/builders/build-user';
import { uniqueName } from '@/lib/builders/names';
import { getDb } from '@/lib/db';

/** Fixtures write straight to the test database (DATABASE_URL), each with unique names so tests run in parallel. */
export const PASSWORD = BUILT_PASSWORD;

export function unique(prefix: string): string {
  return uniqueName(prefix);
}

export async function makeUser(role: TRole, options: { password?: string } = {}) {
  const user = await buildUser({ role, password: options.password ?? PASSWORD, domain: 'e2e.test' });
  return { ...user, password: options.password ?? PASSWORD };
}

export async function makeProject(options: { members: string[] }) {
  return buildProject({ guidelines: 'Be careful.', members: options.members });
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signInAndLand(page: Page, email: string, password: string, path: string) {
  await signIn(page, email, password);
  await expect(page).toHaveURL(new RegExp(`${path.replace(/\//g, '\\/')}$`));
  // Sign-in lands with a full page load: wait until React has hydrated it, or a form filled at once
  // would be posted without JavaScript (a full reload that forgets what was typed when refused).
  await expect(page.locator('html[data-hydrated]')).toBeAttached();
}

export const db = getDb;

/**
 * Every same-origin answer a context receives (pages, RSC payloads, server actions, API), kept for
 * a leak check: the route fetches it, keeps the body, then hands it to the page, so no body reaches
 * the page unread. When the page gives up on a request while it is in flight (it navigated on),
 * Playwright disposes the fetched answer; nothing reached the page then, so there is nothing to keep.
 */
export async function recordSameOriginBodies(context: BrowserContext, base: string): Promise<{ where: string; body: string }[]> {
  const bodies: { where: string; body: string }[] = [];
  await context.route(
    (url) => url.href.startsWith(base) && !url.pathname.startsWith('/_next/static/'),
    async (route) => {
      const abandoned = (error: unknown) => {
        if (!/disposed|has been closed/i.test(String(error))) throw error;
      };
      try {
        const response = await route.fetch({ maxRedirects: 0 });
        const body = await response.text();
        bodies.push({ where: `${route.request().method()} ${route.request().url()}`, body });
        await route.fulfill({ response, body }).catch(abandoned);
      } catch (error) {
        abandoned(error);
      }
    },
  );
  return bodies;
}
