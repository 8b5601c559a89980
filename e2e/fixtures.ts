import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import type { TRole } from '@/lib/auth/schemas';
import { BUILT_PASSWORD, buildProject, buildUser, uniqueName } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { signInOverHttp } from './security-fixtures';

/** Fixtures write straight to the test database (DATABASE_URL), each with unique names so tests run in parallel. */
export const PASSWORD = BUILT_PASSWORD;

export function unique(prefix: string): string {
  return uniqueName(prefix);
}

export async function makeUser(role: TRole, options: { password?: string } = {}) {
  const user = await buildUser({ role, password: options.password ?? PASSWORD, domain: 'e2e.test' });
  return { ...user, password: options.password ?? PASSWORD };
}

export async function makeProject(options: { members: string[]; settings?: Record<string, unknown> }) {
  return buildProject({ guidelines: 'Be careful.', members: options.members, ...(options.settings ? { settings: options.settings } : {}) });
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * The old way in, through the sign-in form: for the tests of signing in itself (e2e/auth.spec.ts).
 * Every other test signs in with signInAndLand, through a stored session.
 */
export async function signInThroughFormAndLand(page: Page, email: string, password: string, path: string) {
  await signIn(page, email, password);
  await landOn(page, path);
}

type StoredState = Awaited<ReturnType<APIRequestContext['storageState']>>;
const storedSessions = new Map<string, StoredState>();

/**
 * The account's stored session (Playwright storageState): signed in once per account and worker
 * through next-auth's real credentials flow, as the form does (CSRF token, then the callback: the
 * same password check and rate limit), then reused by every page and context that signs in as it.
 */
export async function storedSession(email: string, password: string): Promise<StoredState> {
  const key = email.toLowerCase();
  let state = storedSessions.get(key);
  if (!state) {
    const context = await signInOverHttp(email, password);
    state = await context.storageState();
    await context.dispose();
    storedSessions.set(key, state);
  }
  return state;
}

/**
 * Opens the app signed in as `email` through its stored session and checks it lands on `path`
 * (the role's home: "/" redirects there on the server, as after the form). A session that ended
 * since it was stored (the test signed out, or the account's sessions were revoked) lands on
 * /login instead: then the account signs in once more and the new session is stored.
 */
export async function signInAndLand(page: Page, email: string, password: string, path: string) {
  for (let attempt = 1; ; attempt++) {
    await page.context().addCookies((await storedSession(email, password)).cookies);
    await page.goto('/');
    if (attempt > 1 || new URL(page.url()).pathname !== '/login') break;
    storedSessions.delete(email.toLowerCase());
  }
  await landOn(page, path);
}

async function landOn(page: Page, path: string) {
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
