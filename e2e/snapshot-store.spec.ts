import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import { buildItem, buildJudgment } from '@/lib/builders';
import { objectStoreFor } from '@/lib/storage/get-object-store';
import { db, makeProject, makeUser, signInAndLand } from './fixtures';

// scripts/test.ts runs the end-to-end app with SNAPSHOT_STORE_URL (an s3rver); against an app without a store there is nothing to see here.
const storeUrl = process.env.SNAPSHOT_STORE_URL;

test.describe('Snapshot bytes in object storage (issue 29)', () => {
  test.skip(!storeUrl, 'the app under test has no SNAPSHOT_STORE_URL');

  test('a researcher downloads a snapshot kept in the object store: the bytes hash to the recorded sha256', async ({ page }) => {
    const researcher = await makeUser('RESEARCHER');
    const labeler = await makeUser('LABELER');
    const project = await makeProject({ members: [researcher.email, labeler.email] });
    for (let i = 1; i <= 3; i++) {
      const item = await buildItem({
        projectId: project.id,
        externalId: `store-${i}`,
        messages: [{ role: 'user', content: `Question ${i}?` }],
        responses: ['a', 'b'].map((r) => ({ externalId: `store-${i}-${r}`, text: `Answer ${r}` })),
      });
      await buildJudgment({ item, userId: labeler.id, importRef: `store-${i}`, ranking: [0, 1], durationMs: 1000, ratings: false });
    }
    await signInAndLand(page, researcher.email, researcher.password, '/projects');
    await page.goto(`/projects/${project.id}/export`);
    const form = page.getByRole('form', { name: 'New snapshot' });
    await form.getByLabel('Format').selectOption('pairs');
    await form.getByRole('button', { name: 'Create snapshot' }).click();
    const row = page.getByRole('row', { name: /^pairs snapshot of / });
    await expect(row.getByText('Ready')).toBeVisible({ timeout: 30_000 });

    const snapshot = await db().exportSnapshot.findFirstOrThrow({
      where: { projectId: project.id },
      select: { id: true, sha256: true, byteSize: true, storage: true, objectKey: true },
    });
    expect(snapshot.storage).toBe('s3');
    expect(snapshot.objectKey).toBe(`e2e/${project.id}/${snapshot.id}.zip`);
    const store = objectStoreFor(storeUrl!);
    const listed = await store.client.send(new ListObjectsV2Command({ Bucket: store.bucket, Prefix: `e2e/${project.id}/` }));
    expect((listed.Contents ?? []).map((o) => [o.Key, o.Size])).toEqual([[snapshot.objectKey, Number(snapshot.byteSize)]]);

    const downloadPromise = page.waitForEvent('download');
    await row.getByRole('link', { name: /^Download / }).click();
    const bytes = fs.readFileSync((await (await downloadPromise).path())!);
    expect(bytes.length).toBe(Number(snapshot.byteSize));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(snapshot.sha256);
  });
});
