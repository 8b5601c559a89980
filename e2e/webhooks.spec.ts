import { expect, test } from '@playwright/test';
import { buildItem, buildJudgment } from '@/lib/builders';
import { db, makeProject, makeUser, signInAndLand } from './fixtures';

/*
 * The lead's Webhooks page (issue 30): subscribe an endpoint to events, see the signing secret
 * once, send a ping, watch a labeled ranking's event reach the delivery log. The app under test
 * keeps the private-address rule on, so the local endpoint is refused and the log says why — the
 * signed delivery itself is verified by tests/integration/webhook-events.test.ts.
 */
test.describe('Event webhooks', () => {
  test('a lead subscribes an endpoint, sees the secret once, pings it and sees each event in the delivery log', async ({ page }) => {
    const lead = await makeUser('LEAD');
    const labeler = await makeUser('LABELER');
    const project = await makeProject({ members: [lead.email, labeler.email] });
    await signInAndLand(page, lead.email, lead.password, '/projects');
    await page.goto(`/projects/${project.id}`);
    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();

    const form = page.getByRole('form', { name: 'New event webhook' });
    await form.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/hooks/preflab');
    await form.getByRole('button', { name: 'Subscribe' }).click();
    await expect(form.getByText('Choose at least one event')).toBeVisible();
    await form.getByRole('checkbox', { name: /judgment\.submitted/ }).check();
    await form.getByRole('checkbox', { name: /item\.complete/ }).check();
    await form.getByLabel('Description (optional)').fill('Ops dashboard');
    await form.getByRole('button', { name: 'Subscribe' }).click();
    const secret = await form.getByLabel('Signing secret (shown once)').inputValue();
    expect(secret).toMatch(/^whsec_/);
    const stored = await db().eventWebhook.findFirstOrThrow({ where: { projectId: project.id } });
    expect(stored.events).toEqual(['item.complete', 'judgment.submitted']);
    expect(stored.secretEncrypted).not.toContain(secret.slice(6));

    await page.reload();
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Ops dashboard' }) });
    await expect(card.getByText('http://127.0.0.1:9/hooks/preflab')).toBeVisible();
    await expect(page.getByLabel('Signing secret (shown once)')).toHaveCount(0);
    await card.getByRole('button', { name: 'Send a ping' }).click();
    await expect(card.getByRole('status')).toContainText('Ping queued');

    // A labeled ranking (inserted as the submit stores it) is an event; its delivery joins the log.
    const item = await buildItem({
      projectId: project.id,
      externalId: 'w1',
      messages: [{ role: 'user', content: 'Hi?' }],
      responses: ['a', 'b'].map((r) => ({ text: r })),
    });
    await buildJudgment({ item, userId: labeler.id, source: 'LABELED', ranking: [0, 1], durationMs: 5000, ratings: false });

    // The instances send due deliveries every few seconds; this one is refused (a private address) and stays pending for a retry.
    const log = card.getByRole('table', { name: 'Event deliveries' });
    await expect(async () => {
      await page.reload();
      await expect(log.getByRole('row').filter({ hasText: 'judgment.submitted' })).toContainText('private or reserved address');
      await expect(log.getByRole('row').filter({ hasText: 'ping' })).toContainText('private or reserved address');
    }).toPass({ timeout: 30_000 });
    await expect(log.getByRole('row').filter({ hasText: 'ping' })).toContainText('Pending');

    // The labeler cannot open the page.
    const other = await page.context().browser()!.newContext();
    const labelerPage = await other.newPage();
    await signInAndLand(labelerPage, labeler.email, labeler.password, '/label');
    const response = await labelerPage.goto(`/projects/${project.id}/webhooks`);
    expect(response?.status()).toBe(403);
    await other.close();

    await card.getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByRole('heading', { name: 'Ops dashboard' })).toHaveCount(0);
    expect(await db().eventWebhook.count({ where: { projectId: project.id } })).toBe(0);
  });
});
