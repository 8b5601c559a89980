import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { createApiToken } from '@/lib/tokens/create-api-token';
import { db, makeProject, makeUser, signInAndLand } from './fixtures';

/** A project with `n` single-turn items, each ranked by two labelers (a > b > c, and b > a > c). */
async function labeledProject(n: number) {
  const researcher = await makeUser('RESEARCHER');
  const l1 = await makeUser('LABELER');
  const l2 = await makeUser('LABELER');
  const project = await makeProject({ members: [researcher.email, l1.email, l2.email] });
  for (let i = 1; i <= n; i++) {
    const item = await db().item.create({
      data: {
        projectId: project.id,
        externalId: `e2e-${i}`,
        messages: [{ role: 'user', content: `Question number ${i}?` }],
        responses: { create: ['a', 'b', 'c'].map((r, k) => ({ externalId: `e2e-${i}-${r}`, text: `Answer ${r}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, k)) })) },
      },
      select: { id: true, responses: { orderBy: { externalId: 'asc' }, select: { id: true } } },
    });
    const [a, b, c] = item.responses.map((r) => r.id) as [string, string, string];
    for (const [user, ranking] of [[l1, [[a], [b], [c]]], [l2, [[b], [a], [c]]]] as const) {
      await db().judgment.create({ data: { itemId: item.id, userId: user.id, source: 'IMPORTED', importRef: `${user.id}-${i}`, ranking, promptFlags: [], taxonomyVersion: 1, durationMs: 1000 } });
    }
  }
  return { project, researcher };
}

const splitCounts = (lines: string[]) => {
  const counts = { train: 0, validation: 0 };
  for (const line of lines) counts[(JSON.parse(line) as { split: 'train' | 'validation' }).split] += 1;
  return counts;
};

test.describe('Export page', () => {
  test('a researcher creates a snapshot, watches it build, downloads it: the file’s rows match the manifest', async ({ page }) => {
    const { project, researcher } = await labeledProject(20);
    await signInAndLand(page, researcher.email, researcher.password, '/projects');
    await page.goto(`/projects/${project.id}`);
    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Export' }).click();
    await expect(page.getByRole('heading', { name: 'Export' })).toBeVisible();

    const form = page.getByRole('form', { name: 'New snapshot' });
    await form.getByLabel('Format').selectOption('pairs');
    await form.getByLabel('Validation share (0–1)').fill('0.5');
    await form.getByRole('button', { name: 'Create snapshot' }).click();

    const row = page.getByRole('row', { name: /^pairs snapshot of / });
    await expect(row.getByText('Ready')).toBeVisible({ timeout: 30_000 });
    const snapshot = await db().exportSnapshot.findFirstOrThrow({ where: { projectId: project.id }, select: { id: true, manifest: true, sha256: true } });
    const manifest = snapshot.manifest as { rows: number; splits: { train: number; validation: number }; sha256: string; file_name: string };
    // 20 items × 2 labelers × 3 pairs.
    expect(manifest.rows).toBe(120);
    await expect(row.getByText(snapshot.sha256!.slice(0, 12))).toBeVisible();

    const downloadPromise = page.waitForEvent('download');
    await row.getByRole('link', { name: /^Download / }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe(manifest.file_name);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(manifest.rows);
    expect(splitCounts(lines)).toEqual(manifest.splits);
    expect(manifest.splits.train).toBeGreaterThan(0);
    expect(manifest.splits.validation).toBeGreaterThan(0);

    await row.getByRole('button', { name: /^Delete / }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await expect(page.getByText('No snapshots yet.')).toBeVisible();
  });

  test('the API creates a snapshot (202), reports it ready, and serves the manifest’s rows', async ({ request }) => {
    const { project, researcher } = await labeledProject(5);
    const { token } = await createApiToken({ actorId: null, input: { userId: researcher.id, name: 'e2e', scopes: ['export'] } });
    const headers = { authorization: `Bearer ${token}` };
    const created = await request.post(`/api/v1/projects/${project.id}/snapshots`, { headers, data: { format: 'rankings' } });
    expect(created.status()).toBe(202);
    const statusUrl = created.headers()['location']!;
    let snapshot: { status: string; rows: number; links: { download: string | null }; manifest?: { rows: number; sha256: string } } = (await created.json()).snapshot;
    await expect
      .poll(async () => {
        snapshot = (await (await request.get(statusUrl, { headers })).json()).snapshot;
        return snapshot.status;
      })
      .toBe('ready');
    const file = await request.get(snapshot.links.download!, { headers });
    expect(file.status()).toBe(200);
    expect(file.headers()['etag']).toBe(`"${snapshot.manifest!.sha256}"`);
    expect((await file.text()).trimEnd().split('\n')).toHaveLength(snapshot.manifest!.rows);
    expect(snapshot.rows).toBe(5);
    const asLabeler = await request.get(`/api/v1/projects/${project.id}/snapshots`);
    expect(asLabeler.status()).toBe(401);
  });
});
