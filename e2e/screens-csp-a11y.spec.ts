import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { submitRanking } from '@/lib/tasks/kinds/rank';
import { liveAssignment, makeWorld, type World } from '../tests/security/world';
import { signInOverHttp, snapshotOverHttp } from './security-fixtures';

// The main screens, each opened in Chromium by the role that uses it: the page must hydrate under
// the nonce-based Content-Security-Policy (proxy.ts) with no violation reported, and axe must find
// no serious or critical accessibility violation (issue 9). Each worker builds its own world.

type Who = 'anon' | 'labeler' | 'lead' | 'admin';
type Screen = {
  name: string;
  who: Who;
  path: (w: World) => string;
  ready: (page: Page) => Promise<void>;
  act?: (page: Page) => Promise<void>;
};

const heading = (name: string | RegExp) => async (page: Page) =>
  void (await expect(page.getByRole('heading', { level: 1, name })).toBeVisible());
const response = (page: Page, letter: string) => page.getByRole('article', { name: `Response ${letter}` });

const SCREENS: Screen[] = [
  { name: 'sign-in', who: 'anon', path: () => '/login', ready: heading('Sign in to Preference Lab') },
  { name: 'invite', who: 'anon', path: (w) => `/invite/${w.inviteToken}`, ready: heading('Join Preference Lab') },
  { name: 'label home', who: 'labeler', path: () => '/label', ready: heading('Your projects') },
  {
    name: 'ranking',
    who: 'labeler',
    path: (w) => `/label/${w.project.id}`,
    ready: async (page) => void (await expect(page.getByText('Keyboard shortcuts on')).toBeVisible()),
    // A rating saves the draft through its server action: fetches must pass connect-src too.
    act: async (page) => {
      await response(page, 'A').getByRole('radio', { name: '6 good' }).check();
      await expect(page.getByRole('status').filter({ hasText: /^Saved \d/ })).toBeVisible();
    },
  },
  { name: 'my work', who: 'labeler', path: () => '/my-work', ready: heading('My work') },
  { name: 'labeler profile', who: 'labeler', path: () => '/profile', ready: heading('Labeler profile') },
  { name: 'account', who: 'lead', path: () => '/account', ready: heading('Account') },
  { name: 'projects', who: 'lead', path: () => '/projects', ready: heading('Projects') },
  { name: 'project', who: 'lead', path: (w) => `/projects/${w.project.id}`, ready: heading(/^Security /) },
  {
    name: 'dashboard',
    who: 'lead',
    path: (w) => `/projects/${w.project.id}/dashboard`,
    ready: async (page) => {
      await heading('Dashboard')(page);
      // Every widget streamed in and the charts drew (recharts measures the container in the browser).
      await expect(page.locator('[data-chart] .recharts-wrapper > svg.recharts-surface').first()).toBeVisible();
    },
  },
  {
    name: 'labeler pool',
    who: 'lead',
    path: (w) => `/projects/${w.project.id}/dashboard/pool`,
    ready: async (page) => void (await expect(page.getByRole('heading', { level: 2, name: 'Pool settings' })).toBeVisible()),
  },
  { name: 'dashboard item', who: 'lead', path: (w) => `/projects/${w.project.id}/dashboard/items/${w.item.id}`, ready: heading(/^Item /) },
  { name: 'items', who: 'lead', path: (w) => `/projects/${w.project.id}/items`, ready: heading(/^Items of /) },
  {
    name: 'item',
    who: 'lead',
    path: (w) => `/projects/${w.project.id}/items/${w.item.id}`,
    ready: async (page) => void (await expect(page.getByRole('heading', { level: 1 })).toBeVisible()),
  },
  { name: 'taxonomy', who: 'lead', path: (w) => `/projects/${w.project.id}/taxonomy`, ready: heading('Flag taxonomy') },
  { name: 'export', who: 'lead', path: (w) => `/projects/${w.project.id}/export`, ready: heading('Export') },
  { name: 'import', who: 'lead', path: (w) => `/projects/${w.project.id}/import`, ready: heading('Import prompts and responses') },
  { name: 'demonstrations review', who: 'lead', path: (w) => `/projects/${w.project.id}/demonstrations`, ready: heading(/./) },
  { name: 'perturbations review', who: 'lead', path: (w) => `/projects/${w.project.id}/perturbations`, ready: heading('Perturbations') },
  {
    name: 'critique experiment',
    who: 'lead',
    path: (w) => `/projects/${w.project.id}/critique-eval`,
    ready: heading('Critique experiment'),
  },
  { name: 'task settings', who: 'lead', path: (w) => `/projects/${w.project.id}/settings`, ready: heading(/./) },
  { name: 'AI judge', who: 'lead', path: (w) => `/projects/${w.project.id}/judge`, ready: heading('AI judge') },
  { name: 'users', who: 'admin', path: () => '/admin/users', ready: heading('Users') },
];

let world: World;
const contexts = new Map<Who, BrowserContext>();

async function contextFor(browser: Browser, who: Who): Promise<BrowserContext> {
  let context = contexts.get(who);
  if (!context) {
    const storageState =
      who === 'anon' ? undefined : await (await signInOverHttp(world.users[who].email, world.users[who].password)).storageState();
    context = await browser.newContext(storageState ? { storageState } : {});
    // Runs before any page script (and outside the page's CSP): collects what the browser reports.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
      );
    });
    contexts.set(who, context);
  }
  return context;
}

test.beforeAll(async () => {
  world = await makeWorld({ items: 12, judges: 3, makeSnapshot: snapshotOverHttp });
  // Two finished tasks of the labeler's own, so My work has numbers and a table.
  for (let i = 0; i < 2; i++) {
    const task = await liveAssignment(world);
    await submitRanking({
      userId: world.users.labeler.id,
      projectId: world.project.id,
      input: {
        assignmentId: task.id,
        ranking: task.shown.map((id) => [id]),
        allUnacceptable: false,
        ratings: [],
        promptFlags: [],
        durationMs: 30_000,
      },
    });
  }
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.close();
});

for (const screen of SCREENS) {
  test(`csp+a11y ${screen.name}: hydrates under the CSP with no violation; axe finds no serious or critical issue`, async ({ browser }) => {
    const page = await (await contextFor(browser, screen.who)).newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) consoleErrors.push(message.text());
    });
    const answer = await page.goto(screen.path(world));
    expect(answer?.status()).toBe(200);
    const policy = answer?.headers()['content-security-policy'] ?? '';
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    await screen.ready(page);
    // React hydrated the server HTML, so the framework's scripts ran under the policy.
    await page.waitForFunction(() => Object.keys(document.querySelector('main') ?? document.body).some((k) => k.startsWith('__react')));
    if (screen.act) await screen.act(page);

    const reported = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
    expect.soft([...consoleErrors, ...reported], 'Content-Security-Policy violations').toEqual([]);

    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} — ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 5)
            .join(' | ')}`,
      );
    expect.soft(serious, 'axe: serious or critical violations').toEqual([]);
    await page.close();
  });
}
