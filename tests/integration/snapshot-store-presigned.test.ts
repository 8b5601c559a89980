/**
 * SNAPSHOT_DOWNLOAD=presigned (issue 29): a download of an object-stored snapshot, once authorized,
 * is a 302 to a presigned GET URL of the store valid PRESIGNED_URL_SECONDS; that URL serves the
 * same bytes (ranges too, from the store). One file of the folder and the CLI still stream.
 */
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { download, judge, makeExportProject, pool } from '../helpers/export-fixture';
import { S3RVER_CREDENTIALS, startS3Server } from '../helpers/s3-server';
import { buildSnapshot } from '@/lib/builders/build-snapshot';
import { serveSnapshotDownload } from '@/lib/export/serve-snapshot-download';
import { PRESIGNED_URL_SECONDS } from '@/lib/storage/presign-object';

const s3 = await startS3Server();
process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
process.env.SNAPSHOT_STORE_URL = s3.storeUrl('presigned');
process.env.SNAPSHOT_DOWNLOAD = 'presigned';

afterAll(() => s3.close());

describe('presigned snapshot downloads', () => {
  it('redirects to a short-lived store URL that serves the recorded bytes; 304 and single files are answered by the app', async () => {
    const f = await makeExportProject({ items: 2 });
    for (const item of f.items) await judge(item, f.labelers[0]!.id, [0, 1, 2, 3]);
    const manifest = await buildSnapshot({ projectId: f.project.id, actorId: f.researcher.id, request: { format: 'pairs' } });
    const id = manifest.snapshot_id;

    const redirect = await serveSnapshotDownload({
      request: new Request('http://test/download'),
      projectId: f.project.id,
      snapshotId: id,
      actorId: f.researcher.id,
      via: 'api',
    });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location')!);
    expect(location.origin).toBe(s3.endpoint);
    expect(location.pathname).toBe(`/${s3.bucket}/presigned/${f.project.id}/${id}.zip`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe(String(PRESIGNED_URL_SECONDS));
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);

    const fetched = await fetch(location);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-disposition')).toContain(manifest.file_name);
    const bytes = Buffer.from(await fetched.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.sha256);
    const ranged = await fetch(location, { headers: { range: 'bytes=10-19' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true);

    const audit = await pool().query<{ data: unknown }>(
      `SELECT data FROM audit_events WHERE action = 'export.snapshot.download' AND "targetId" = $1 ORDER BY "createdAt"`,
      [id],
    );
    expect(audit.rows.map((r) => r.data)).toEqual([{ via: 'api', presigned: true }]);

    expect((await download(f.project.id, id, null, { 'if-none-match': `"${manifest.sha256}"` })).response.status).toBe(304);
    const readme = manifest.files.find((file) => file.path === 'README.md')!;
    const one = await download(f.project.id, id, null, {}, 'README.md');
    expect(one.response.status).toBe(200);
    expect(one.sha256).toBe(readme.sha256);
    const cli = await serveSnapshotDownload({
      request: new Request('http://test/download'),
      projectId: f.project.id,
      snapshotId: id,
      actorId: null,
      via: 'cli',
    });
    expect(cli.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await cli.arrayBuffer()))
        .digest('hex'),
    ).toBe(manifest.sha256);
  });
});
