import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { expect, request, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { AUTHORIZATION_MATRIX, entryKey } from '../tests/security/authorization-matrix';
import { liveAssignment, makeWorld, type World } from '../tests/security/world';
import { db, recordSameOriginBodies } from './fixtures';
import { baseUrl, postCredentials, SESSION_COOKIE, sessionCookie, signInOverHttp, snapshotOverHttp } from './security-fixtures';

// Issue 9's attack checks against the running app: security headers, CSRF on cookie-authenticated
// writes and on server actions, session fixation and reuse after sign-out, invite reuse, sign-in
// limits across two app instances, and what a labeler's browser may receive.

const EVIL = 'https://evil.example';

test.describe('security headers', () => {
  test('pages carry a per-request nonce CSP without unsafe-inline scripts, and every script tag has the nonce', async ({
    request: http,
  }) => {
    const first = await http.get('/login');
    const second = await http.get('/login');
    const policy = first.headers()['content-security-policy'] ?? '';
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    expect(nonce, policy).toBeTruthy();
    expect(second.headers()['content-security-policy']).not.toContain(nonce);
    const directives = Object.fromEntries(
      policy
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': `'self' 'nonce-${nonce}' 'strict-dynamic'`,
      'style-src': `'self' 'nonce-${nonce}'`,
      'object-src': "'none'",
      'base-uri': "'self'",
      'frame-ancestors': "'none'",
      'form-action': "'self'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
    });
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);

    const headers = first.headers();
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    });
    // Served over plain http here: no HSTS, no upgrade.
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  test('behind an https proxy (X-Forwarded-Proto) pages add HSTS and upgrade-insecure-requests', async ({ request: http }) => {
    const response = await http.get('/login', { headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers()['strict-transport-security']).toBe('max-age=31536000');
    expect(response.headers()['content-security-policy']).toContain('upgrade-insecure-requests');
    expect((await http.get('/api/health', { headers: { 'x-forwarded-proto': 'https' } })).headers()['strict-transport-security']).toBe(
      'max-age=31536000',
    );
  });

  test('responses that are not pages (API, upload) get a policy that loads nothing', async ({ request: http }) => {
    for (const response of [
      await http.get('/api/health'),
      await http.post('/projects/00000000-0000-0000-0000-000000000000/import/upload', { data: 'x' }),
    ]) {
      expect(response.headers()['content-security-policy']).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
      expect(response.headers()['x-content-type-options']).toBe('nosniff');
    }
  });
});

test.describe('CSRF', () => {
  let world: World;
  test.beforeAll(async () => {
    world = await makeWorld({ items: 4, makeSnapshot: snapshotOverHttp });
  });

  // Cookie-authenticated writes: every non-GET route handler that is neither next-auth (its own CSRF token) nor a bearer-token API.
  const COOKIE_WRITES = [
    'app/(app)/projects/[projectId]/import/upload/route.ts#POST',
    // The chat stream (issue 26) sits behind the proxy's Origin check like every page POST (e2e/chat.spec.ts checks its 403).
    'app/(app)/label/[projectId]/chat-stream/route.ts#POST',
    'app/api/v1/projects/[projectId]/tasks/next/route.ts#POST',
    'app/api/v1/projects/[projectId]/assignments/[assignmentId]/draft/route.ts#PUT',
    'app/api/v1/projects/[projectId]/assignments/[assignmentId]/skip/route.ts#POST',
    'app/api/v1/projects/[projectId]/assignments/[assignmentId]/submit/route.ts#POST',
  ];

  test('the list of cookie-authenticated writes is every such route of the authorization matrix', () => {
    const cookieWrites = AUTHORIZATION_MATRIX.filter((e) => e.kind === 'route' && e.credential === 'cookie' && e.name !== 'GET');
    expect(cookieWrites.map(entryKey).sort()).toEqual([...COOKIE_WRITES].sort());
  });

  test('state-changing route handlers refuse another site’s Origin (403) with a valid session, and write nothing', async () => {
    const lead = await signInOverHttp(world.users.lead.email, world.users.lead.password);
    const labeler = await signInOverHttp(world.users.labeler.email, world.users.labeler.password);
    const task = await liveAssignment(world);
    const before = await db().assignment.findUniqueOrThrow({ where: { id: task.id }, select: { status: true, draft: true } });
    const items = await db().item.count({ where: { projectId: world.project.id } });
    const assignments = await db().assignment.count({ where: { projectId: world.project.id } });
    const p = world.project.id;
    // The refusal each route sends: the upload page's {message} (as its other errors), the labeler API's {error}.
    const upload = { message: 'Uploads from another site are refused' };
    const api = { error: 'Requests from another site are refused' };
    const attempts: [APIRequestContext, string, string, unknown, object][] = [
      [
        lead,
        'POST',
        `/projects/${p}/import/upload?format=auto`,
        `${JSON.stringify({ id: 'csrf', prompt: 'x', responses: [{ text: 'a' }, { text: 'b' }] })}\n`,
        upload,
      ],
      [lead, 'POST', `/api/v1/projects/${p}/tasks/next`, undefined, api],
      [labeler, 'PUT', `/api/v1/projects/${p}/assignments/${task.id}/draft`, { draft: { activeMs: 99 } }, api],
      [labeler, 'POST', `/api/v1/projects/${p}/assignments/${task.id}/skip`, { reason: 'broken' }, api],
      [
        labeler,
        'POST',
        `/api/v1/projects/${p}/assignments/${task.id}/submit`,
        { ranking: task.shown.map((id) => [id]), durationMs: 1000 },
        api,
      ],
    ];
    // Another site's Origin, an opaque one, and (issue 17) no Origin but the browser's Sec-Fetch-Site.
    const forged: Record<string, string>[] = [
      { origin: EVIL },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const [context, method, url, data, refusal] of attempts) {
      for (const headers of forged) {
        const response = await context.fetch(url, { method, headers, ...(data !== undefined ? { data: data as string } : {}) });
        expect(response.status(), `${method} ${url} with ${JSON.stringify(headers)}`).toBe(403);
        expect(await response.json(), `${method} ${url} with ${JSON.stringify(headers)}`).toEqual(refusal);
      }
    }
    expect(await db().assignment.findUniqueOrThrow({ where: { id: task.id }, select: { status: true, draft: true } })).toEqual(before);
    expect(await db().item.count({ where: { projectId: p } })).toBe(items);
    expect(await db().assignment.count({ where: { projectId: p } })).toBe(assignments);
    // The same origin passes (the refusal above is the Origin check, not something else).
    const same = await labeler.fetch(`/api/v1/projects/${p}/assignments/${task.id}/draft`, {
      method: 'PUT',
      headers: { origin: baseUrl() },
      data: { draft: { activeMs: 99 } },
    });
    expect(same.status()).toBe(200);
    const sameSite = await labeler.fetch(`/api/v1/projects/${p}/assignments/${task.id}/draft`, {
      method: 'PUT',
      headers: { 'sec-fetch-site': 'same-origin' },
      data: { draft: { activeMs: 98 } },
    });
    expect(sameSite.status()).toBe(200);
    await lead.dispose();
    await labeler.dispose();
  });

  test('a server action replayed with another site’s Origin is refused by Next and writes nothing', async ({ browser }) => {
    const context = await browser.newContext({
      storageState: await (await signInOverHttp(world.users.labeler.email, world.users.labeler.password)).storageState(),
    });
    const page = await context.newPage();
    await page.goto(`/label/${world.project.id}`);
    await expect(page.getByText('Keyboard shortcuts on')).toBeVisible();
    const [action] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined),
      page.getByRole('article', { name: 'Response A' }).getByRole('radio', { name: '6 good' }).check(),
    ]);
    await expect(page.getByRole('status').filter({ hasText: /^Saved \d/ })).toBeVisible();
    const task = await db().assignment.findFirstOrThrow({
      where: { userId: world.users.labeler.id, projectId: world.project.id, status: 'ACTIVE' },
      select: { id: true, draft: true },
    });
    const body = (action.postData() ?? '').replace('"likert":6', '"likert":2');
    expect(body).toContain('"likert":2');
    const replay = (origin: string) =>
      page.request.post(action.url(), {
        headers: {
          'next-action': action.headers()['next-action'] ?? '',
          'content-type': action.headers()['content-type'] ?? 'text/plain',
          accept: 'text/x-component',
          origin,
        },
        data: body,
        maxRedirects: 0,
      });
    const forged = await replay(EVIL);
    expect(forged.ok()).toBe(false);
    // Without Origin, the browser's Sec-Fetch-Site still names another site: refused (proxy.ts).
    const noOrigin = await page.request.post(action.url(), {
      headers: {
        'next-action': action.headers()['next-action'] ?? '',
        'content-type': action.headers()['content-type'] ?? 'text/plain',
        accept: 'text/x-component',
        'sec-fetch-site': 'cross-site',
      },
      data: body,
      maxRedirects: 0,
    });
    expect(noOrigin.status()).toBe(403);
    // A form posted without JavaScript names its action in the body, not in a header: refused too.
    const formPost = await page.request.post(action.url(), {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      data: `$ACTION_ID_${action.headers()['next-action'] ?? ''}=&likert=2`,
      maxRedirects: 0,
    });
    expect(formPost.status()).toBe(403);
    expect(await formPost.text()).toBe('Requests from another site are refused');
    expect((await db().assignment.findUniqueOrThrow({ where: { id: task.id }, select: { draft: true } })).draft).toEqual(task.draft);
    // Control: the same replay from the app's own origin is accepted and saves.
    expect((await replay(baseUrl())).status()).toBe(200);
    expect(JSON.stringify((await db().assignment.findUniqueOrThrow({ where: { id: task.id }, select: { draft: true } })).draft)).toContain(
      '"likert":2',
    );
    await context.close();
  });
});

test.describe('sessions', () => {
  test('a session cookie planted before sign-in grants nothing and is replaced at sign-in', async ({ browser }) => {
    const world = await makeWorld({ items: 1, makeSnapshot: snapshotOverHttp });
    const context = await browser.newContext();
    const planted = 'attacker-chosen-session-value';
    await context.addCookies([{ name: SESSION_COOKIE, value: planted, url: baseUrl() }]);
    const page = await context.newPage();
    expect((await page.request.get('/label', { maxRedirects: 0 })).headers()['location']).toBe('/login');
    await page.goto('/login');
    await page.getByLabel('Email').fill(world.users.labeler.email);
    await page.getByLabel('Password').fill(world.users.labeler.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/label$/);
    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.value).toBeTruthy();
    expect(cookie?.value).not.toBe(planted);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    await context.close();
  });

  test('after sign-out a copied session cookie is refused by pages and the labeler API', async ({ browser }) => {
    const world = await makeWorld({ items: 2, makeSnapshot: snapshotOverHttp });
    const signedIn = await signInOverHttp(world.users.labeler.email, world.users.labeler.password);
    const stolen = await sessionCookie(signedIn);
    const copy = await request.newContext({ baseURL: baseUrl(), extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${stolen}` } });
    expect((await copy.get('/my-work', { maxRedirects: 0 })).status()).toBe(200);
    expect((await copy.post(`/api/v1/projects/${world.project.id}/tasks/next`)).status()).toBe(200);

    // Sign out in the browser, as a person does.
    const context = await browser.newContext({ storageState: await signedIn.storageState() });
    const page = await context.newPage();
    await page.goto('/label');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);

    expect((await copy.get('/my-work', { maxRedirects: 0 })).headers()['location']).toBe('/login');
    expect((await copy.post(`/api/v1/projects/${world.project.id}/tasks/next`)).status()).toBe(401);
    // Signing in again works and gives a new session.
    const again = await signInOverHttp(world.users.labeler.email, world.users.labeler.password);
    expect(await sessionCookie(again)).not.toBe(stolen);
    expect((await again.get('/my-work', { maxRedirects: 0 })).status()).toBe(200);
    for (const c of [signedIn, copy, again]) await c.dispose();
    await context.close();
  });

  test('an invite link works once: replaying its accepted form is refused and changes nothing', async ({ browser }) => {
    const world = await makeWorld({ items: 1, makeSnapshot: snapshotOverHttp });
    const invite = await db().invite.findFirstOrThrow({ where: { projectId: world.project.id, usedAt: null }, select: { email: true } });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`/invite/${world.inviteToken}`);
    await page.getByLabel('Your name').fill('First Taker');
    await page.getByLabel('Choose a password').fill('first-password-123');
    await page.getByLabel('Repeat the password').fill('first-password-123');
    const [accept] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined),
      page.getByRole('button', { name: 'Create account' }).click(),
    ]);
    await expect(page).toHaveURL(/\/login\?invited=1/);
    const user = await db().user.findUniqueOrThrow({
      where: { email: invite.email },
      select: { id: true, name: true, passwordHash: true },
    });

    const replay = await page.request.post(accept.url(), {
      headers: {
        'next-action': accept.headers()['next-action'] ?? '',
        'content-type': accept.headers()['content-type'] ?? '',
        accept: 'text/x-component',
        origin: baseUrl(),
      },
      data: Buffer.from(
        (accept.postData() ?? '').replaceAll('first-password-123', 'second-password-456').replaceAll('First Taker', 'Second Taker'),
      ),
      maxRedirects: 0,
    });
    expect(await replay.text()).toContain('already been used');
    expect(
      await db().user.findUniqueOrThrow({ where: { email: invite.email }, select: { id: true, name: true, passwordHash: true } }),
    ).toEqual(user);
    expect(await db().user.count({ where: { email: invite.email } })).toBe(1);
    await page.goto(`/invite/${world.inviteToken}`);
    await expect(page.getByRole('status')).toContainText('already been used');
    const second = await request.newContext({ baseURL: baseUrl() });
    expect((await postCredentials(second, invite.email, 'second-password-456')).status()).toBe(401);
    await second.dispose();
    await context.close();
  });
});

/** A free TCP port on the loopback interface. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test.describe('sign-in limits', () => {
  let second: ChildProcess | undefined;
  test.afterEach(async () => {
    if (second && second.exitCode === null) {
      second.kill('SIGTERM');
      await new Promise((r) => second?.once('exit', r));
    }
  });

  test('hold across two app instances on one database: the total of failures counts', async () => {
    test.setTimeout(90_000);
    const world = await makeWorld({ items: 1, makeSnapshot: snapshotOverHttp });
    const port = await freePort();
    const otherBase = `http://127.0.0.1:${port}`;
    const root = path.resolve(import.meta.dirname, '..');
    second = spawn(path.join(root, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error' },
      stdio: 'ignore',
    });
    await expect.poll(async () => (await fetch(`${otherBase}/api/health`).catch(() => null))?.status ?? 0, { timeout: 30_000 }).toBe(200);

    // One client address of its own (the last X-Forwarded-For hop), so the per-IP limit of other tests is untouched.
    const headers = { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
    const contexts = await Promise.all(
      [baseUrl(), otherBase].map((base) => request.newContext({ baseURL: base, extraHTTPHeaders: headers })),
    );
    const email = world.users.labeler.email;
    // 16 wrong passwords at once, alternating instances.
    // Each attempt in a context of its own (next-auth's CSRF cookie is per client).
    const attempts = await Promise.all(
      Array.from({ length: 16 }, (_, i) => request.newContext({ baseURL: i % 2 ? otherBase : baseUrl(), extraHTTPHeaders: headers })),
    );
    const outcomes = await Promise.all(attempts.map((context, i) => postCredentials(context, email, `wrong-${i}`).then((r) => r.status())));
    expect(outcomes).toEqual(Array.from({ length: 16 }, () => 401));
    for (const context of attempts) await context.dispose();
    const counts = async () =>
      Object.fromEntries(
        (await db().loginAttempt.groupBy({ by: ['outcome'], where: { email }, _count: true })).map((g) => [g.outcome, g._count]),
      );
    // Exactly the limit of failures was recorded; the rest were blocked before the password was checked.
    expect(await counts()).toEqual({ FAILURE: 10, BLOCKED: 6 });
    // The right password is now refused on both instances.
    for (const context of contexts) {
      expect((await postCredentials(context, email, world.users.labeler.password)).status()).toBe(401);
      expect(await sessionCookie(context)).toBeUndefined();
    }
    expect(await counts()).toEqual({ FAILURE: 10, BLOCKED: 8 });
    for (const context of contexts) await context.dispose();
  });
});

test.describe('labeler payloads', () => {
  test('no labeler route returns model ids, response or item metadata, gold rankings or another labeler’s work', async ({ browser }) => {
    const world = await makeWorld({ items: 6, gold: true, makeSnapshot: snapshotOverHttp });
    const forbidden = (body: string, where: string) => {
      expect(body, `${where} leaks a secret of the world`).not.toContain(world.secret);
      expect(body, `${where} names the peer labeler`).not.toContain(world.peer.email);
      expect(body, `${where} carries gold fields`).not.toMatch(/goldRanking|isGold|modelId|"metadata"/);
    };
    const context = await browser.newContext({
      storageState: await (await signInOverHttp(world.users.labeler.email, world.users.labeler.password)).storageState(),
    });
    // Every same-origin answer passes through here, so its body is read even when the page navigates on.
    const bodies = await recordSameOriginBodies(context, baseUrl());
    const page = await context.newPage();

    // Pages, their RSC payloads and the ranking screen's server actions (draft, skip with a reason, submit).
    for (const path of ['/label', '/my-work', '/account']) await page.goto(path);
    await page.goto(`/label/${world.project.id}`);
    await expect(page.getByText('Keyboard shortcuts on')).toBeVisible();
    await page.getByRole('article', { name: 'Response A' }).getByRole('radio', { name: '6 good' }).check();
    await expect(page.getByRole('status').filter({ hasText: /^Saved \d/ })).toBeVisible();
    // Every response placed in the shown order: the screen warns once, then submits.
    const placeNext = page.getByRole('button', { name: /^Place [A-I] next$/ });
    while ((await placeNext.count()) > 0) await placeNext.first().click();
    const submit = page.getByRole('button', { name: /^Submit/ });
    await submit.click();
    await expect(submit).toHaveText('Submit anyway');
    await submit.click();
    await expect.poll(() => db().judgment.count({ where: { userId: world.users.labeler.id } })).toBe(1);
    // The next task: skip it through the dialog (the skip server action).
    await expect(page.getByText('Keyboard shortcuts on')).toBeVisible();
    await page.keyboard.press('s');
    const dialog = page.getByRole('dialog', { name: 'Skip this task' });
    await dialog.getByLabel('Broken: garbled, truncated or empty').check();
    await dialog.getByRole('button', { name: 'Skip task' }).click();
    await expect.poll(() => db().assignment.count({ where: { userId: world.users.labeler.id, status: 'SKIPPED' } })).toBe(1);
    await page.goto('/my-work');
    expect(bodies.some((b) => b.where.includes('/label/') && b.body.includes('Question'))).toBe(true);
    // Server action answers were seen (they are POSTs to the page with the Next-Action header).
    expect(bodies.filter((b) => b.where.startsWith(`POST ${baseUrl()}/label/`)).length).toBeGreaterThanOrEqual(3);

    // The labeler JSON API: claim, draft, skip, claim again, submit.
    const api = await signInOverHttp(world.users.labeler.email, world.users.labeler.password);
    const p = world.project.id;
    const collect = async (where: string, response: Promise<APIResponse>) => {
      const r = await response;
      expect(r.status(), where).toBe(200);
      const body = await r.text();
      bodies.push({ where, body });
      return JSON.parse(body) as { task: { assignmentId: string; responses: { id: string }[] } | null };
    };
    let { task } = await collect('POST tasks/next', api.post(`/api/v1/projects/${p}/tasks/next`));
    await collect(
      'PUT draft',
      api.put(`/api/v1/projects/${p}/assignments/${task!.assignmentId}/draft`, { data: { draft: { activeMs: 5 } } }),
    );
    await collect('POST skip', api.post(`/api/v1/projects/${p}/assignments/${task!.assignmentId}/skip`, { data: { reason: 'broken' } }));
    ({ task } = await collect('POST tasks/next (again)', api.post(`/api/v1/projects/${p}/tasks/next`)));
    await collect(
      'POST submit',
      api.post(`/api/v1/projects/${p}/assignments/${task!.assignmentId}/submit`, {
        data: { ranking: task!.responses.map((r) => [r.id]), durationMs: 1000 },
      }),
    );

    expect(bodies.length).toBeGreaterThan(8);
    for (const { where, body } of bodies) forbidden(body, where);
    // The check itself sees secrets where they are allowed: a lead's item page shows model ids.
    const lead = await signInOverHttp(world.users.lead.email, world.users.lead.password);
    expect(await (await lead.get(`/projects/${p}/items/${world.item.id}`)).text()).toContain(world.secret);
    for (const c of [api, lead]) await c.dispose();
    await context.close();
  });
});

// Issue 21: what a researcher and a labeler may see of things that are not theirs.
test.describe('issue 21 probe', () => {
  let world: World;
  test.beforeAll(async () => {
    world = await makeWorld({ items: 2, makeSnapshot: snapshotOverHttp });
  });

  test('a webhook URL is whole on the lead’s Export page, and only its host on the researcher’s', async () => {
    const marker = `hook${Date.now().toString(36)}`;
    const secretUrl = `https://trainer.example/hooks/${marker}-path?token=${marker}-query`;
    await db().projectWebhook.create({
      data: { projectId: world.project.id, url: secretUrl, secretEncrypted: 'unused-here', secretPrefix: 'whsec_e2e' },
    });
    const lead = await signInOverHttp(world.users.lead.email, world.users.lead.password);
    const research = await signInOverHttp(world.users.research.email, world.users.research.password);
    const leadPage = await (await lead.get(`/projects/${world.project.id}/export`)).text();
    const researchPage = await (await research.get(`/projects/${world.project.id}/export`)).text();
    expect(leadPage).toContain(`${marker}-query`);
    expect(researchPage).toContain('https://trainer.example/…');
    expect(researchPage).not.toContain(marker);
    await lead.dispose();
    await research.dispose();
  });

  test('My work says its quality figures are delayed and batched', async ({ browser }) => {
    const context = await browser.newContext({
      storageState: await (await signInOverHttp(world.users.labeler.email, world.users.labeler.password)).storageState(),
    });
    const page = await context.newPage();
    await page.goto('/my-work');
    await expect(page.getByTestId('my-quality-delay')).toContainText('updated once a day');
    await expect(page.getByTestId('my-quality-delay')).toContainText('your latest tasks are never in them');
    await context.close();
  });
});
