import { randomBytes } from 'node:crypto';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { TRole } from '@/lib/auth/schemas';
import { getDb } from '@/lib/db';
import { addMember } from '@/lib/projects/add-member';
import { createProject } from '@/lib/projects/create-project';
import { createUser } from '@/lib/users/create-user';

/** Fixtures write straight to the test database (DATABASE_URL), each with unique names so tests run in parallel. */
export const PASSWORD = 'correct-horse-battery';

export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export async function makeUser(role: TRole, options: { password?: string } = {}) {
  const email = `${unique(role.toLowerCase())}@e2e.test`;
  const user = await createUser({ actorId: null, input: { email, name: `${role} ${email.slice(0, 12)}`, role, password: options.password ?? PASSWORD } });
  return { ...user, password: options.password ?? PASSWORD };
}

export async function makeProject(options: { members: string[] }) {
  const slug = unique('proj');
  const project = await createProject({ actorId: null, input: { name: `Project ${slug}`, slug, guidelines: 'Be careful.', overlap: 3, minResponses: 2, maxResponses: 9 } });
  for (const email of options.members) await addMember({ actorId: null, input: { projectId: project.id, email } });
  return project;
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
