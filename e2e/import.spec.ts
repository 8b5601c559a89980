import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { hashToken } from '@/lib/auth/secret-token';
import { db, makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';

/** Rows as a JSON Lines file in this test's own output folder. */
function writeJsonLines(name: string, rows: unknown[]): string {
  const file = test.info().outputPath(name);
  fs.writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}

const nativeRow = (id: string) => ({
  id,
  prompt: `Question ${id}: what is ${id.length} + 1?`,
  responses: ['a', 'b', 'c'].map((suffix, i) => ({ id: `${id}-${suffix}`, model: `model-${i}`, text: `Answer ${suffix} to ${id}` })),
});

async function upload(page: Page, file: string, format?: string) {
  await page.getByLabel('Data file').setInputFiles(file);
  if (format) await page.getByLabel('Format').selectOption({ label: format });
  await page.getByRole('button', { name: 'Upload' }).click();
}

test.describe('import page', () => {
  test('a lead uploads a native file and sees what was created; the same file again is skipped as identical', async ({ page }) => {
    const lead = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email] });
    const ids = [unique('q'), unique('q'), unique('q')];
    const file = writeJsonLines('three-items.jsonl', ids.map(nativeRow));
    await signInAndLand(page, lead.email, PASSWORD, '/projects');
    await page.goto(`/projects/${project.id}/import`);
    await expect(page.getByRole('heading', { level: 1, name: 'Import prompts and responses' })).toBeVisible();

    await upload(page, file);
    const summary = page.getByRole('region', { name: 'Import finished' });
    await expect(summary).toContainText('3 items created');
    await expect(summary).toContainText('9 responses created');
    await expect(summary).toContainText('3 rows read (native)');
    await expect(page.getByRole('progressbar', { name: 'Upload progress' })).toHaveAttribute('value', '100');
    await expect(page.getByText('100%')).toBeVisible();

    const items = await db().item.findMany({
      where: { projectId: project.id },
      orderBy: { externalId: 'asc' },
      select: {
        externalId: true,
        messages: true,
        responses: { orderBy: { externalId: 'asc' }, select: { externalId: true, modelId: true, text: true } },
      },
    });
    expect(items.map((i) => i.externalId)).toEqual([...ids].sort());
    const first = items.find((i) => i.externalId === ids[0]);
    expect(first?.messages).toEqual([{ role: 'user', content: nativeRow(ids[0]!).prompt }]);
    expect(first?.responses).toEqual(nativeRow(ids[0]!).responses.map((r) => ({ externalId: r.id, modelId: r.model, text: r.text })));
    expect(await db().auditEvent.count({ where: { projectId: project.id, action: 'project.import', actorId: lead.id } })).toBe(1);

    // From the summary to the imported item, with its responses and model ids.
    await summary.getByRole('link', { name: 'Browse the items' }).click();
    await page.getByRole('link', { name: ids[0]! }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(ids[0]!);
    await expect(page.getByText(`Answer b to ${ids[0]}`)).toBeVisible();
    await expect(page.getByText('model-1')).toBeVisible();
    await page.goto(`/projects/${project.id}/import`);

    // The second upload names the format instead of detecting it.
    await upload(page, file, 'Native');
    await expect(summary).toContainText('3 skipped as identical');
    await expect(summary).toContainText('0 items created');
    expect(await db().item.count({ where: { projectId: project.id } })).toBe(3);
    expect(await db().response.count({ where: { item: { projectId: project.id } } })).toBe(9);
  });

  test('a file with bad rows lists each problem by line and field, and nothing is written', async ({ page }) => {
    const lead = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email] });
    const tooFew = { id: unique('few'), prompt: 'Only one answer?', responses: [{ text: 'Yes' }] };
    const file = writeJsonLines('bad-row.jsonl', [nativeRow(unique('ok')), nativeRow(unique('ok')), tooFew]);
    await signInAndLand(page, lead.email, PASSWORD, '/projects');
    await page.goto(`/projects/${project.id}/import`);

    await upload(page, file);
    const refused = page.getByRole('region', { name: /The file was refused/ });
    await expect(refused).toContainText('1 problem');
    await expect(refused).toContainText('Nothing was written');
    const rows = refused.getByRole('row');
    await expect(rows).toHaveCount(2); // header + one problem
    await expect(rows.nth(1).getByRole('cell')).toHaveText(['3', 'responses', 'Has 1 response; this project takes 2 to 9']);
    await expect(page.getByRole('region', { name: 'Import finished' })).toHaveCount(0);
    expect(await db().item.count({ where: { projectId: project.id } })).toBe(0);

    // Only the first 100 problems are listed; the table says how many more there were.
    const many = writeJsonLines(
      'many-bad-rows.jsonl',
      // One response each (this project takes 2 to 9), distinct ids: one problem per row whether or not the
      // project could take prompt-only rows (it can when any model connection, a shared one included, exists).
      Array.from({ length: 103 }, (_, n) => ({ id: unique(`one-${n}`), prompt: `One answer ${n}?`, responses: [{ text: 'Only this' }] })),
    );
    await upload(page, many);
    await expect(refused).toContainText('103 problems');
    await expect(refused.getByRole('row')).toHaveCount(1 + 100 + 1);
    await expect(refused).toContainText('…and 3 more');
    expect(await db().item.count({ where: { projectId: project.id } })).toBe(0);
  });

  test('with "Import labels too", the preferences of TRL rows are stored as imported judgments', async ({ page }) => {
    const lead = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email] });
    const rows = [1, 2].map((n) => ({ prompt: `${unique('p')}: name a colour`, chosen: `Blue ${n}`, rejected: `Loud ${n}` }));
    const file = writeJsonLines('trl.jsonl', rows);
    await signInAndLand(page, lead.email, PASSWORD, '/projects');
    await page.goto(`/projects/${project.id}/import`);

    await page.getByRole('checkbox', { name: 'Import labels too' }).check();
    await upload(page, file, 'TRL preference rows');
    const summary = page.getByRole('region', { name: 'Import finished' });
    await expect(summary).toContainText('2 items created');
    await expect(summary).toContainText('2 labels imported');
    const judgments = await db().judgment.findMany({ where: { item: { projectId: project.id } }, select: { source: true } });
    expect(judgments).toEqual([{ source: 'IMPORTED' }, { source: 'IMPORTED' }]);
  });

  test('only leads of the project may import: a labeler gets 403, others are refused by the upload route', async ({
    page,
    browser,
    request,
  }) => {
    const lead = await makeUser('LEAD');
    const labeler = await makeUser('LABELER');
    const outsider = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email, labeler.email] });
    await makeProject({ members: [outsider.email] });
    const body = JSON.stringify(nativeRow(unique('x')));
    const url = `/projects/${project.id}/import/upload`;

    await signInAndLand(page, labeler.email, PASSWORD, '/label');
    const response = await page.goto(`/projects/${project.id}/import`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    const asLabeler = await page.request.post(url, { headers: { 'content-type': 'application/x-ndjson' }, data: body });
    expect(asLabeler.status()).toBe(403);

    expect((await request.post(url, { data: body })).status()).toBe(401);

    const context = await browser.newContext();
    const other = await context.newPage();
    await signInAndLand(other, outsider.email, PASSWORD, '/projects');
    const asOutsider = await other.request.post(url, { data: body });
    expect(asOutsider.status()).toBe(404);
    await context.close();

    // The lead's own session, but from another site or with a bad format.
    const leadContext = await browser.newContext();
    const leadPage = await leadContext.newPage();
    await signInAndLand(leadPage, lead.email, PASSWORD, '/projects');
    const crossSite = await leadPage.request.post(url, { headers: { origin: 'https://evil.example' }, data: body });
    expect(crossSite.status()).toBe(403);
    const badFormat = await leadPage.request.post(`${url}?format=csv`, { data: body });
    expect(badFormat.status()).toBe(400);
    expect((await badFormat.json()).message).toContain('format must be one of auto, native');
    await leadContext.close();

    expect(await db().item.count({ where: { projectId: project.id } })).toBe(0);
  });

  test('a long import shows rows checked after the upload, goes on when the page is closed, and skips invalid rows when asked', async ({
    page,
    browser,
  }) => {
    const lead = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email] });
    const ids = Array.from({ length: 1500 }, () => unique('long'));
    const rows: unknown[] = ids.map(nativeRow);
    rows.splice(700, 0, { id: unique('few'), prompt: 'Only one?', responses: [{ text: 'One' }] });
    const file = writeJsonLines('long.jsonl', rows);
    await signInAndLand(page, lead.email, PASSWORD, '/projects');
    await page.goto(`/projects/${project.id}/import`);

    // Another import of the project holds its lock, so this one checks every row and then waits to write.
    const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('SELECT pg_advisory_lock(3, hashtext($1))', [project.id]);
      await page.getByRole('checkbox', { name: 'Skip invalid rows' }).check();
      await upload(page, file);
      const progress = page.getByRole('region', { name: /Step 1 of 2: checking every row/ });
      await expect(progress).toContainText('1,501 rows checked');
      await expect(progress).toContainText('rows/s');
      await expect(progress.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute('value', '100');
      await page.close();
      expect(await db().item.count({ where: { projectId: project.id } })).toBe(0);
    } finally {
      await locker.query('SELECT pg_advisory_unlock_all()');
      await locker.end();
    }

    // Nobody is watching: the import finishes on the server.
    await expect
      .poll(async () => (await db().importJob.findFirst({ where: { projectId: project.id }, select: { status: true } }))?.status, {
        timeout: 30_000,
      })
      .toBe('DONE');
    expect(await db().item.count({ where: { projectId: project.id } })).toBe(1500);

    const again = await browser.newPage();
    await signInAndLand(again, lead.email, PASSWORD, '/projects');
    await again.goto(`/projects/${project.id}/import`);
    const recent = again.getByRole('listitem').filter({ hasText: 'long.jsonl' });
    await expect(recent).toContainText('1,501 rows read (native): 1,500 items created');
    await expect(recent).toContainText('1 invalid row skipped');
    const download = again.waitForEvent('download');
    await recent.getByRole('link', { name: 'Download the skipped rows' }).click();
    const rejects = fs.readFileSync(await (await download).path(), 'utf8');
    expect(
      rejects
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ line: 701, field: 'responses', reason: 'Has 1 response; this project takes 2 to 9' }]);
    await again.close();
  });
});

test.describe('account page', () => {
  test('a lead creates an API token, sees the secret once, uses it, and revokes it', async ({ page, request }) => {
    const lead = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email] });
    const elsewhere = await makeProject({ members: [] });
    const name = unique('trainer');
    await signInAndLand(page, lead.email, PASSWORD, '/projects');
    await page.getByRole('banner').getByRole('link', { name: 'Account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
    await expect(page.getByText(lead.email)).toBeVisible();

    // A project the lead does not belong to is refused even when the form is tampered with.
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('checkbox', { name: /^import/ }).check();
    await page.getByLabel('Project', { exact: true }).evaluate((select, id) => select.append(new Option('planted', id)), elsewhere.id);
    await page.getByLabel('Project', { exact: true }).selectOption(elsewhere.id);
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.locator('#token-projectId-error')).toHaveText('Choose a project you are a member of');
    expect(await db().apiToken.count({ where: { userId: lead.id } })).toBe(0);

    await page.getByLabel('Project', { exact: true }).selectOption({ label: `${project.name} (${project.slug})` });
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByRole('status')).toHaveText(`Token "${name}" created.`);
    const secret = await page.getByLabel('New token (shown once)').inputValue();
    expect(secret).toMatch(/^pl_[A-Za-z0-9_-]{43}$/);
    const stored = await db().apiToken.findFirstOrThrow({
      where: { userId: lead.id },
      select: { tokenHash: true, scopes: true, projectId: true, prefix: true },
    });
    expect(stored).toEqual({ tokenHash: hashToken(secret), scopes: ['import'], projectId: project.id, prefix: secret.slice(0, 10) });
    const row = page.getByTestId(`token-row-${stored.prefix}`);
    await expect(row).toContainText(name);
    await expect(row).toContainText('active');

    const importUrl = `/api/v1/projects/${project.id}/import`;
    const data = JSON.stringify(nativeRow(unique('api')));
    expect((await request.post(importUrl, { headers: { authorization: `Bearer ${secret}` }, data })).status()).toBe(200);

    await page.reload();
    await expect(page.getByLabel('New token (shown once)')).toHaveCount(0);
    await expect(page.getByText(secret)).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);
    await expect(row).toContainText(`${stored.prefix}…`);

    await row.getByRole('button', { name: `Revoke ${name} (${stored.prefix}…)` }).click();
    await expect(row).toContainText('revoked');
    await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
    expect((await db().apiToken.findFirstOrThrow({ where: { userId: lead.id }, select: { revokedAt: true } })).revokedAt).toBeInstanceOf(
      Date,
    );
    expect((await request.post(importUrl, { headers: { authorization: `Bearer ${secret}` }, data })).status()).toBe(401);
  });

  test('a labeler sees their profile but no API tokens', async ({ page }) => {
    const labeler = await makeUser('LABELER');
    await signInAndLand(page, labeler.email, PASSWORD, '/label');
    await page.getByRole('banner').getByRole('link', { name: 'Account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
    await expect(page.getByText(labeler.email)).toBeVisible();
    await expect(page.getByRole('heading', { name: /API token/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Create token' })).toHaveCount(0);
  });
});
