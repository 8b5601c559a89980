import { expect, test } from '@playwright/test';
import { buildItem, buildJudgment } from '@/lib/builders';
import { tableFromIPC } from 'apache-arrow';
import fs from 'node:fs';
import { readParquet } from 'parquet-wasm';
import { splitFor } from '@/lib/export/split';
import { createApiToken } from '@/lib/tokens/create-api-token';
import { unzip } from '../tests/helpers/unzip';
import { db, makeProject, makeUser, signInAndLand } from './fixtures';

/** A project with `n` single-turn items (or the given prompts), each ranked by two labelers (a > b > c, and b > a > c). */
async function labeledProject(n: number, prompts?: { role: 'system' | 'user'; content: string }[][]) {
  const researcher = await makeUser('RESEARCHER');
  const l1 = await makeUser('LABELER');
  const l2 = await makeUser('LABELER');
  const project = await makeProject({ members: [researcher.email, l1.email, l2.email] });
  for (let i = 1; i <= (prompts?.length ?? n); i++) {
    const item = await buildItem({
      projectId: project.id,
      externalId: `e2e-${i}`,
      messages: prompts?.[i - 1] ?? [{ role: 'user', content: `Question number ${i}?` }],
      responses: ['a', 'b', 'c'].map((r, k) => ({
        externalId: `e2e-${i}-${r}`,
        text: `Answer ${r}`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, k)),
      })),
    });
    for (const [user, ranking] of [
      [l1, [0, 1, 2]],
      [l2, [1, 0, 2]],
    ] as const) {
      await buildJudgment({ item, userId: user.id, importRef: `${user.id}-${i}`, ranking: [...ranking], durationMs: 1000, ratings: false });
    }
  }
  return { project, researcher };
}

/** The rows of a downloaded dataset folder (zip): every data file's lines, and the files. */
async function folderRows(zip: Buffer) {
  const files = await unzip(zip);
  const lines = files.filter((f) => f.path.startsWith('data/')).flatMap((f) => f.bytes.toString('utf8').split('\n').filter(Boolean));
  return { files, lines };
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
    const snapshot = await db().exportSnapshot.findFirstOrThrow({
      where: { projectId: project.id },
      select: { id: true, manifest: true, sha256: true },
    });
    const manifest = snapshot.manifest as {
      rows: number;
      splits: { train: number; validation: number };
      sha256: string;
      file_name: string;
    };
    // 20 items × 2 labelers × 3 pairs.
    expect(manifest.rows).toBe(120);
    await expect(row.getByText(snapshot.sha256!.slice(0, 12))).toBeVisible();

    const downloadPromise = page.waitForEvent('download');
    await row.getByRole('link', { name: /^Download / }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe(manifest.file_name);
    const { files, lines } = await folderRows(fs.readFileSync((await download.path())!));
    expect(files.map((f) => f.path)).toEqual([
      'data/train-00000-of-00001.jsonl',
      'data/validation-00000-of-00001.jsonl',
      'README.md',
      'manifest.json',
    ]);
    expect(lines).toHaveLength(manifest.rows);
    expect(splitCounts(lines)).toEqual(manifest.splits);
    expect(manifest.splits.train).toBeGreaterThan(0);
    expect(manifest.splits.validation).toBeGreaterThan(0);

    // The card and the manifest of the snapshot, one link each.
    const cardPromise = page.waitForEvent('download');
    await row.getByRole('link', { name: /^Dataset card of / }).click();
    const card = fs.readFileSync((await (await cardPromise).path())!, 'utf8');
    expect(card).toMatch(/^---\nlicense:\n- "unknown"\n/);
    expect(card).toContain('configs:');
    expect(card).toBe(files.find((f) => f.path === 'README.md')!.bytes.toString('utf8'));
    const manifestPromise = page.waitForEvent('download');
    await row.getByRole('link', { name: /^Manifest of / }).click();
    expect(JSON.parse(fs.readFileSync((await (await manifestPromise).path())!, 'utf8'))).toMatchObject({
      rows: 120,
      files: [{ path: 'data/train-00000-of-00001.jsonl' }, {}, { path: 'README.md' }],
    });

    await row.getByRole('button', { name: /^Delete / }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await expect(page.getByText('No snapshots yet.')).toBeVisible();
  });

  test('a researcher picks Parquet: the download holds one Parquet file per split with the manifest’s rows', async ({ page }) => {
    const { project, researcher } = await labeledProject(10);
    await signInAndLand(page, researcher.email, researcher.password, '/projects');
    await page.goto(`/projects/${project.id}/export`);
    const form = page.getByRole('form', { name: 'New snapshot' });
    await form.getByLabel('Format').selectOption('pairs');
    await form.getByLabel('Data files').selectOption({ label: 'Parquet' });
    await form.getByLabel('Validation share (0–1)').fill('0.5');
    await form.getByRole('button', { name: 'Create snapshot' }).click();

    const row = page.getByRole('row', { name: /^pairs snapshot of / });
    await expect(row.getByText('Ready')).toBeVisible({ timeout: 30_000 });
    await expect(row.getByText(/Parquet/)).toBeVisible();
    const snapshot = await db().exportSnapshot.findFirstOrThrow({
      where: { projectId: project.id },
      select: { options: true, manifest: true },
    });
    const manifest = snapshot.manifest as { rows: number; splits: { train: number; validation: number } };
    expect(snapshot.options).toMatchObject({ file_format: 'parquet' });
    expect(manifest.rows).toBe(60);
    const downloadPromise = page.waitForEvent('download');
    await row.getByRole('link', { name: /^Download / }).click();
    const files = await unzip(fs.readFileSync((await (await downloadPromise).path())!));
    expect(files.map((f) => f.path)).toEqual([
      'data/train-00000-of-00001.parquet',
      'data/validation-00000-of-00001.parquet',
      'README.md',
      'manifest.json',
    ]);
    const rows = (path: string) => tableFromIPC(readParquet(files.find((f) => f.path === path)!.bytes).intoIPCStream()).numRows;
    expect({ train: rows('data/train-00000-of-00001.parquet'), validation: rows('data/validation-00000-of-00001.parquet') }).toEqual(
      manifest.splits,
    );
  });

  test('the API creates a snapshot (202), reports it ready, and serves the manifest’s rows', async ({ request }) => {
    const { project, researcher } = await labeledProject(5);
    const { token } = await createApiToken({ actorId: null, input: { userId: researcher.id, name: 'e2e', scopes: ['export'] } });
    const headers = { authorization: `Bearer ${token}` };
    const created = await request.post(`/api/v1/projects/${project.id}/snapshots`, { headers, data: { format: 'rankings' } });
    expect(created.status()).toBe(202);
    const statusUrl = created.headers()['location']!;
    let snapshot: { status: string; rows: number; links: { download: string | null }; manifest?: { rows: number; sha256: string } } = (
      await created.json()
    ).snapshot;
    await expect
      .poll(async () => {
        snapshot = (await (await request.get(statusUrl, { headers })).json()).snapshot;
        return snapshot.status;
      })
      .toBe('ready');
    const file = await request.get(snapshot.links.download!, { headers });
    expect(file.status()).toBe(200);
    expect(file.headers()['etag']).toBe(`"${snapshot.manifest!.sha256}"`);
    expect((await folderRows(await file.body())).lines).toHaveLength(snapshot.manifest!.rows);
    const train = await request.get(`${snapshot.links.download!}?file=data/train-00000-of-00001.jsonl`, { headers });
    expect(train.headers()['content-type']).toBe('application/jsonl; charset=utf-8');
    expect(snapshot.rows).toBe(5);
    const asLabeler = await request.get(`/api/v1/projects/${project.id}/snapshots`);
    expect(asLabeler.status()).toBe(401);
  });

  test('the page fits the project: pairs-chat for conversations, pairs renders them, one refusal beside the button, readable flags at 1440 px, an empty validation split explained', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    // Two single-turn prompts that hash into train at a 10% share, and one conversation.
    const single: { role: 'user'; content: string }[][] = [];
    for (let n = 0; single.length < 2; n++) {
      const messages = [{ role: 'user' as const, content: `Single question ${n}?` }];
      if (splitFor(messages, 0.1) === 'train') single.push(messages);
    }
    let chat: { role: 'system' | 'user'; content: string }[] = [];
    for (let n = 0; ; n++) {
      chat = [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: `Chat question ${n}?` },
      ];
      if (splitFor(chat, 0.1) === 'train') break;
    }
    const { project, researcher } = await labeledProject(0, [...single, chat]);
    await signInAndLand(page, researcher.email, researcher.password, '/projects');
    await page.goto(`/projects/${project.id}/export`);
    const form = page.getByRole('form', { name: 'New snapshot' });
    await expect(form.getByLabel('Format')).toHaveValue('pairs-chat');

    // "pairs" renders the conversation with the hh template (never refuses the export); the hint says so beforehand.
    await form.getByLabel('Format').selectOption('pairs');
    await expect(
      form.getByText('1 item is a conversation: "pairs" writes them as one text with the hh template', { exact: false }),
    ).toBeVisible();
    // A refusal is shown once, next to the button.
    const button = form.getByRole('button', { name: 'Create snapshot' });
    await form.getByLabel('Minimum item agreement (0–1)').fill('2');
    await button.click();
    const refusal = page.getByText('Please fix the highlighted fields.');
    await expect(refusal).toHaveCount(1);
    const [refusalBox, buttonBox] = [await refusal.boundingBox(), await button.boundingBox()];
    expect(Math.abs(refusalBox!.y + refusalBox!.height / 2 - (buttonBox!.y + buttonBox!.height / 2))).toBeLessThan(60);
    await form.getByLabel('Minimum item agreement (0–1)').fill('');

    // The flag choices do not overlap one another and stay inside their box; positive flags are apart, explained.
    const flagsBox = form.getByRole('group', { name: 'Leave out responses flagged' });
    const outer = (await flagsBox.boundingBox())!;
    const boxes = await flagsBox
      .locator('label')
      .evaluateAll((labels) =>
        labels.map((l) => l.getBoundingClientRect().toJSON() as { left: number; right: number; top: number; bottom: number }),
      );
    expect(boxes.length).toBe(11);
    // No label's text runs out of its own box (a long flag key used to spill over the next column).
    const spills = await flagsBox
      .locator('label')
      .evaluateAll((labels) => labels.filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent));
    expect(spills).toEqual([]);
    for (const [i, a] of boxes.entries()) {
      expect(a.right).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
      for (const b of boxes.slice(i + 1))
        expect(a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5 || a.right <= b.left + 0.5 || b.right <= a.left + 0.5).toBe(true);
    }
    const positive = form.getByRole('group', { name: 'Positive flags' });
    await expect(positive).toContainText('ticking one leaves out the responses labelers judged good');
    await expect(positive.getByLabel(/Satisfies the constraints/)).toBeVisible();

    // pairs-chat holds all three items; every prompt hashed into train, and the page says why validation is empty.
    await form.getByLabel('Format').selectOption('pairs-chat');
    await button.click();
    const row = page.getByRole('row', { name: /^pairs-chat snapshot of / });
    await expect(row.getByText('Ready')).toBeVisible({ timeout: 30_000 });
    await expect(row.getByText(/No validation rows: about 10% of prompts go to validation, chosen by a hash of the prompt/)).toBeVisible();

    // An export of zero rows (no demonstrations) is a ready snapshot whose folder holds empty files and a card.
    await form.getByLabel('Format').selectOption('sft');
    await button.click();
    const sft = page.getByRole('row', { name: /^sft snapshot of / });
    await expect(sft.getByText('Ready')).toBeVisible({ timeout: 30_000 });
    const downloadPromise = page.waitForEvent('download');
    await sft.getByRole('link', { name: /^Download / }).click();
    const { files, lines } = await folderRows(fs.readFileSync((await (await downloadPromise).path())!));
    expect(lines).toEqual([]);
    expect(files.find((f) => f.path === 'README.md')!.bytes.toString('utf8')).toContain('This snapshot holds no rows');
  });
});
