import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectedAnswer, startChatServer, type ChatServer } from '../tests/helpers/chat-server';
import { db, makeProject, makeUser, recordSameOriginBodies, signInAndLand } from './fixtures';
import { addModelConnection, fillModelConnectionForm } from './model-connection-fixtures';

// The Chat Completions server runs here, in the Playwright process, on 127.0.0.1: the app reaches it
// because the e2e app runs with MODEL_ALLOW_PRIVATE_HOSTS=true (scripts/test.ts).
const KEY = 'sk-e2e-NEVER-ON-A-PAGE-5550123-wxyz';
/** lib/models/test-model-connection.ts TEST_PROMPT (not imported: it pulls package.json into Playwright's loader). */
const TEST_MESSAGES = [{ role: 'user', content: 'Reply with the word OK.' }];

let server: ChatServer;
test.beforeAll(async () => {
  server = await startChatServer({ seed: 24, apiKey: KEY });
});
test.afterAll(() => server.close());

/** What the server answers the test request, cut at its 16 tokens. */
function testAnswer(model: string, temperature?: number) {
  const words = expectedAnswer({ seed: 24, model, messages: TEST_MESSAGES, temperature }).split(' ');
  return words.slice(0, 16).join(' ');
}

async function seriousA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

test.describe('Model connections', () => {
  test('a lead adds a connection to a local server, tests it, edits and archives it; the key is on no page, and labelers are refused', async ({
    page,
    context,
    baseURL,
  }) => {
    const lead = await makeUser('LEAD');
    const labeler = await makeUser('LABELER');
    const project = await makeProject({ members: [lead.email, labeler.email] });
    const bodies = await recordSameOriginBodies(context, baseURL!);
    const cspErrors: string[] = [];
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await signInAndLand(page, lead.email, lead.password, '/projects');

    await page.goto(`/projects/${project.id}/settings`);
    await page.getByRole('link', { name: 'Model connections' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Model connections' })).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A refused field is named next to its input; nothing is saved.
    const form = await fillModelConnectionForm(page, { name: 'Broken', baseUrl: `${server.url}?key=1`, model: 'policy-a' });
    await form.getByRole('button', { name: 'Add connection' }).click();
    await expect(form.getByText('The base URL takes no query (?…) or fragment (#…)', { exact: false })).toBeVisible();
    await expect(form.getByLabel('Base URL', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    expect(await db().modelConnection.count({ where: { projectId: project.id } })).toBe(0);

    // Before saving: the form's values with a wrong key get the server's own refusal.
    await fillModelConnectionForm(page, { baseUrl: server.url, apiKey: 'sk-wrong-key-000000' });
    await form.getByRole('button', { name: 'Test connection' }).click();
    const formTest = page.getByRole('status', { name: "Test of the form's values" });
    await expect(formTest).toContainText('Test failed: not authorised (HTTP 401)');
    await expect(formTest.getByTestId('test-error')).toHaveText('HTTP 401: Incorrect API key provided.');

    const { id } = await addModelConnection(page, {
      projectId: project.id,
      name: 'Policy A',
      baseUrl: server.url,
      model: 'policy-a',
      apiKey: KEY,
      temperature: 0.5,
      requestsPerMinute: 600,
    });
    const item = page.getByRole('listitem', { name: 'Policy A', exact: true });
    await expect(item).toContainText('Key …wxyz');
    await expect(item).toContainText('600 requests/min');
    await expect(item).toContainText('Defaults: temperature 0.5');

    await item.getByRole('button', { name: 'Test Policy A' }).click();
    const result = page.getByRole('status', { name: 'Test of Policy A' });
    await expect(result).toContainText(
      /Answered in \d+ ms · finish reason (length|stop) · 5 prompt \+ \d+ completion tokens · model policy-a/,
    );
    await expect(result.getByTestId('test-answer')).toHaveText(testAnswer('policy-a', 0.5));

    // Edit: the key field stays empty ("leave empty to keep") and the stored key still works.
    await item.getByRole('link', { name: 'Edit Policy A' }).click();
    const edit = page.getByRole('form', { name: 'Edit Policy A' });
    await expect(edit.getByLabel('API key', { exact: true })).toHaveValue('');
    await expect(edit.getByLabel('API key', { exact: true })).toHaveAttribute('placeholder', 'leave empty to keep');
    await expect(edit.getByLabel('Temperature', { exact: true })).toHaveValue('0.5');
    await edit.getByLabel('Model', { exact: true }).fill('policy-b');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${project.id}/settings/models$`));
    await expect(item).toContainText('policy-b @');
    await item.getByRole('button', { name: 'Test Policy A' }).click();
    await expect(page.getByRole('status', { name: 'Test of Policy A' }).getByTestId('test-answer')).toHaveText(testAnswer('policy-b', 0.5));
    expect(server.stats().bodies.filter((b) => b.model === 'policy-b')).toHaveLength(1);

    await item.getByRole('button', { name: 'Archive Policy A' }).click();
    await page.getByRole('group', { name: 'Confirm archiving Policy A' }).getByRole('button', { name: 'Yes, archive' }).click();
    await expect(item).toBeHidden();
    // (Other tests' shared connections may still be listed here: they are every project's.)
    await expect(page.getByRole('listitem', { name: /^Policy A/ })).toHaveCount(0);
    expect((await db().modelConnection.findUniqueOrThrow({ where: { id }, select: { archivedAt: true } })).archivedAt).not.toBeNull();

    // Every page, RSC payload and server action answer this browser received: never the key.
    expect(bodies.length).toBeGreaterThan(5);
    expect(bodies.filter((b) => b.body.includes(KEY)).map((b) => b.where)).toEqual([]);
    // A router prefetch may still be in flight: stop recording before the test ends.
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    expect(cspErrors, 'Content-Security-Policy violations').toEqual([]);

    // A labeler of the project: the page is forbidden, the settings link goes nowhere for them.
    await context.clearCookies();
    await signInAndLand(page, labeler.email, labeler.password, '/label');
    const response = await page.goto(`/projects/${project.id}/settings/models`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  });

  test('an admin adds a shared connection; a lead of any project sees it as shared, without edit, and tests it', async ({
    page,
    context,
    baseURL,
  }) => {
    const admin = await makeUser('ADMIN');
    const lead = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email] });
    const name = `Shared judge ${project.id.slice(0, 8)}`;
    const bodies = await recordSameOriginBodies(context, baseURL!);

    await signInAndLand(page, admin.email, admin.password, '/admin/users');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Shared model connections' })).toBeVisible();
    await addModelConnection(page, { name, baseUrl: server.url, model: 'judge-1', apiKey: KEY });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await context.clearCookies();
    await signInAndLand(page, lead.email, lead.password, '/projects');
    await page.goto(`/projects/${project.id}/settings/models`);
    const item = page.getByRole('listitem', { name, exact: true });
    await expect(item).toContainText('shared');
    await expect(item).toContainText('managed by an administrator');
    await expect(item).toContainText('Key …wxyz');
    await expect(item.getByRole('link', { name: `Edit ${name}` })).toHaveCount(0);
    await expect(item.getByRole('button', { name: `Archive ${name}` })).toHaveCount(0);
    await item.getByRole('button', { name: `Test ${name}` }).click();
    await expect(page.getByRole('status', { name: `Test of ${name}` }).getByTestId('test-answer')).toHaveText(testAnswer('judge-1'));

    expect(bodies.filter((b) => b.body.includes(KEY)).map((b) => b.where)).toEqual([]);
    // A router prefetch may still be in flight: stop recording before the test ends.
    await context.unrouteAll({ behavior: 'ignoreErrors' });
  });
});
