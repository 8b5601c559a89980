/**
 * Snapshot bytes in S3-compatible object storage (issue 29) against a real S3 server (s3rver,
 * tests/helpers/s3-server.ts) and a real PostgreSQL: the build uploads the zip into one object and
 * records where it is; downloads stream it with the same Range/ETag/If-None-Match answers as the
 * database path; delete removes the object; the store going down mid-upload fails the snapshot with
 * a reason and leaves no object and no unfinished upload once the store is back; a retry then works.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { download, judge, makeExportProject, pool, type Fixture } from '../helpers/export-fixture';
import { refusal } from '../helpers/refusal';
import { S3RVER_CREDENTIALS, startS3Server } from '../helpers/s3-server';
import { buildExportSnapshot } from '@/lib/export/build-export-snapshot';
import { createExportSnapshot } from '@/lib/export/create-export-snapshot';
import { deleteExportSnapshot } from '@/lib/export/delete-export-snapshot';
import { ZExportRequest } from '@/lib/export/schemas';
import type { ShardEncoder } from '@/lib/export/shard-encoder';
import { sweepExportWork } from '@/lib/export/sweep-export-work';
import { objectStoreFor } from '@/lib/storage/get-object-store';
import { ObjectStoreError } from '@/lib/storage/store-error';
import { startObjectUpload } from '@/lib/storage/upload-object';

const s3 = await startS3Server();
process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
// Parts of 5 MiB (S3's minimum): the big snapshot below is a multipart upload of several parts.
process.env.SNAPSHOT_STORE_URL = s3.storeUrl('exports', { partSize: '5' });

afterAll(() => s3.close());
// A test that takes the store down and fails before bringing it back must not fail the ones after it.
afterEach(async () => {
  if (!s3.running()) await s3.restart();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function row(snapshotId: string) {
  const { rows } = await pool().query<{
    status: string;
    error: string | null;
    storage: string;
    objectBucket: string | null;
    objectKey: string | null;
    objectEtag: string | null;
    sha256: string | null;
    byteSize: string;
    chunks: number;
  }>(
    `SELECT status, error, storage, "objectBucket", "objectKey", "objectEtag", sha256, "byteSize",
            (SELECT count(*)::int FROM export_snapshot_chunks c WHERE c."snapshotId" = s.id) AS chunks
       FROM export_snapshots s WHERE id = $1`,
    [snapshotId],
  );
  return rows[0];
}

async function create(f: Fixture) {
  return createExportSnapshot({ projectId: f.project.id, actorId: f.researcher.id, request: ZExportRequest.parse({ format: 'pairs' }) });
}

/** A test encoder writing 512 KiB of random bytes per row: a snapshot of several 5 MiB parts from a few judgments. */
const bulkyEncoder: ShardEncoder = {
  ext: 'jsonl',
  mediaType: 'application/jsonl; charset=utf-8',
  builder: 'json',
  open: (_split, out) => ({
    async write(rows) {
      for (const _ of rows) await out(randomBytes(1 << 19));
    },
    buffered: () => 0,
    async end() {},
  }),
};

describe('snapshot bytes in object storage', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await makeExportProject({ items: 3 });
    const [l1, l2] = f.labelers.map((l) => l.id) as [string, string];
    for (const item of f.items) {
      await judge(item, l1, [0, 1, 2, 3]);
      await judge(item, l2, [1, 0, 3, 2]);
    }
  });

  it('uploads the zip into one object, records where it is, and keeps no chunks', async () => {
    const { id } = await create(f);
    const manifest = await buildExportSnapshot({ snapshotId: id });
    const stored = await row(id);
    const key = `exports/${f.project.id}/${id}.zip`;
    expect(stored).toMatchObject({ status: 'READY', storage: 's3', objectBucket: s3.bucket, objectKey: key, chunks: 0 });
    expect(stored?.objectEtag).toMatch(/^".+"$/);
    expect(await s3.listKeys('exports/')).toContain(key);
    const whole = await download(f.project.id, id, f.researcher.id);
    expect(whole.response.status).toBe(200);
    expect(whole.bytes.length).toBe(manifest.bytes);
    expect(whole.sha256).toBe(manifest.sha256);
    expect(whole.sha256).toBe(stored?.sha256);
    expect(whole.response.headers.get('etag')).toBe(`"${manifest.sha256}"`);
    expect(whole.rows.length).toBe(manifest.rows);
    expect(whole.rows.length).toBeGreaterThan(0);
  });

  it('answers ranges (first bytes, middle, suffix, 416), If-Range, If-None-Match and single files as the database path does', async () => {
    const { id } = await create(f);
    const manifest = await buildExportSnapshot({ snapshotId: id });
    const whole = (await download(f.project.id, id, null)).bytes;
    const size = manifest.bytes;
    const first = await download(f.project.id, id, null, { range: 'bytes=0-99' });
    expect(first.response.status).toBe(206);
    expect(first.response.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
    expect(first.response.headers.get('content-length')).toBe('100');
    expect(first.bytes.equals(whole.subarray(0, 100))).toBe(true);
    const middle = await download(f.project.id, id, null, { range: 'bytes=500-1499' });
    expect(middle.response.status).toBe(206);
    expect(middle.bytes.equals(whole.subarray(500, 1500))).toBe(true);
    const suffix = await download(f.project.id, id, null, { range: 'bytes=-300' });
    expect(suffix.response.headers.get('content-range')).toBe(`bytes ${size - 300}-${size - 1}/${size}`);
    expect(suffix.bytes.equals(whole.subarray(size - 300))).toBe(true);
    const beyond = await download(f.project.id, id, null, { range: `bytes=${size}-` });
    expect(beyond.response.status).toBe(416);
    expect(beyond.response.headers.get('content-range')).toBe(`bytes */${size}`);
    const stale = await download(f.project.id, id, null, { range: 'bytes=0-9', 'if-range': '"other"' });
    expect(stale.response.status).toBe(200);
    expect(stale.sha256).toBe(manifest.sha256);
    const cached = await download(f.project.id, id, null, { 'if-none-match': `"${manifest.sha256}"` });
    expect(cached.response.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
    // One file of the folder: a range of the object, with its own sha256 as ETag.
    const readme = manifest.files.find((file) => file.path === 'README.md')!;
    const one = await download(f.project.id, id, null, {}, 'README.md');
    expect(one.response.status).toBe(200);
    expect(one.sha256).toBe(readme.sha256);
    expect(one.response.headers.get('etag')).toBe(`"${readme.sha256}"`);
    expect(one.bytes.equals(whole.subarray(readme.offset!, readme.offset! + readme.bytes))).toBe(true);
  });

  it('deleting the snapshot deletes its object', async () => {
    const { id } = await create(f);
    await buildExportSnapshot({ snapshotId: id });
    const key = `exports/${f.project.id}/${id}.zip`;
    expect(await s3.listKeys('exports/')).toContain(key);
    await deleteExportSnapshot({ actor: f.lead, projectId: f.project.id, snapshotId: id });
    expect(await s3.listKeys('exports/')).not.toContain(key);
    const { rows } = await pool().query('SELECT key FROM snapshot_object_removals');
    expect(rows).toEqual([]);
  });

  it("a project's deletion (the cascade) queues its snapshots' objects; the sweep removes them", async () => {
    const g = await makeExportProject({ items: 1, labelers: 1 });
    await judge(g.items[0]!, g.labelers[0]!.id, [0, 1, 2, 3]);
    const { id } = await create(g);
    await buildExportSnapshot({ snapshotId: id });
    const key = `exports/${g.project.id}/${id}.zip`;
    expect(await s3.listKeys('exports/')).toContain(key);
    await pool().query('DELETE FROM projects WHERE id = $1', [g.project.id]);
    expect((await pool().query('SELECT key FROM snapshot_object_removals')).rows).toEqual([{ key }]);
    await sweepExportWork();
    expect(await s3.listKeys('exports/')).not.toContain(key);
    expect((await pool().query('SELECT key FROM snapshot_object_removals')).rows).toEqual([]);
  });

  it('a multipart upload: several parts, the whole object hashes to the recorded sha256', async () => {
    const { id } = await create(f);
    const seen = s3.requests.length;
    const manifest = await buildExportSnapshot({ snapshotId: id, encoder: bulkyEncoder });
    expect(manifest.bytes).toBeGreaterThan(10 << 20);
    const parts = s3.requests.slice(seen).filter((r) => r.method === 'PUT' && r.query.partNumber !== undefined);
    expect(parts.length).toBe(Math.ceil(manifest.bytes / (5 << 20)));
    const whole = await download(f.project.id, id, null);
    expect(whole.sha256).toBe(manifest.sha256);
    expect((await row(id))?.sha256).toBe(manifest.sha256);
    await deleteExportSnapshot({ actor: f.lead, projectId: f.project.id, snapshotId: id });
  });

  it('the store going down mid-upload: FAILED with the reason, nothing left once it is back, and a retry works', async () => {
    const { id } = await create(f);
    const key = `exports/${f.project.id}/${id}.zip`;
    const down = s3.stopOnRequest((r) => r.method === 'PUT' && r.query.partNumber === '2');
    const failed = await buildExportSnapshot({ snapshotId: id, encoder: bulkyEncoder }).catch((e: unknown) => e);
    await down;
    expect(failed).toBeInstanceOf(ObjectStoreError);
    const stored = await row(id);
    expect(stored?.status).toBe('FAILED');
    expect(stored?.error).toMatch(
      /^Could not store the snapshot in the object store \(upload: (ECONNREFUSED|ECONNRESET)\)\. Nothing of it was kept/,
    );
    expect(stored?.sha256).toBeNull();
    expect(stored?.objectEtag).toBeNull();
    // Not downloadable, and the removal waits in the queue for the store.
    expect((await refusal(download(f.project.id, id, null))).code).toBe('CONFLICT');
    const { rows: queued } = await pool().query<{ key: string; lastError: string }>(
      'SELECT key, "lastError" FROM snapshot_object_removals',
    );
    expect(queued).toEqual([{ key, lastError: expect.stringContaining('ECONNREFUSED') }]);

    await s3.restart();
    // The upload the build began is still there after the restart: the sweep aborts it.
    expect(await s3.uploadsOnDisk()).toEqual([key]);
    expect(await s3.listUploads('exports/')).toEqual([key]);
    await sweepExportWork();
    expect(await s3.listUploads('exports/')).toEqual([]);
    expect(await s3.uploadsOnDisk()).toEqual([]);
    expect(await s3.listKeys('exports/')).not.toContain(key);
    expect((await pool().query('SELECT key FROM snapshot_object_removals')).rows).toEqual([]);

    const retry = await create(f);
    const manifest = await buildExportSnapshot({ snapshotId: retry.id, encoder: bulkyEncoder });
    expect((await row(retry.id))?.status).toBe('READY');
    expect((await download(f.project.id, retry.id, null)).sha256).toBe(manifest.sha256);
  });

  it('deleting a snapshot while its upload runs: the build stops (410), no object and no upload is left', async () => {
    const { id } = await create(f);
    const key = `exports/${f.project.id}/${id}.zip`;
    const pause = s3.pauseOnRequest((r) => r.method === 'PUT' && r.query.partNumber === '2');
    const building = buildExportSnapshot({ snapshotId: id, encoder: bulkyEncoder }).catch((e: unknown) => e);
    await pause.reached;
    await deleteExportSnapshot({ actor: f.lead, projectId: f.project.id, snapshotId: id });
    pause.release();
    const stopped = await building;
    expect(stopped).toMatchObject({ code: 'GONE' });
    expect(await s3.listKeys('exports/')).not.toContain(key);
    expect(await s3.listUploads('exports/')).toEqual([]);
    expect((await pool().query('SELECT key FROM snapshot_object_removals')).rows).toEqual([]);
    expect((await pool().query('SELECT 1 FROM export_snapshots WHERE id = $1', [id])).rows).toEqual([]);
  });

  it('a download while the store is down is a 503, not a cut-off body', async () => {
    const { id } = await create(f);
    await buildExportSnapshot({ snapshotId: id });
    await s3.stop();
    try {
      const refused = await refusal(download(f.project.id, id, null));
      expect(refused.code).toBe('UNAVAILABLE');
      expect(refused.message).toContain('ECONNREFUSED');
    } finally {
      await s3.restart();
    }
    expect((await download(f.project.id, id, null)).response.status).toBe(200);
  });

  it('verifies the stored object: a size or sha256 that differs from what was written is refused', async () => {
    const bytes = randomBytes(1000);
    const bySize = objectStoreFor(s3.storeUrl('checks'));
    const short = startObjectUpload({ store: bySize, key: 'checks/short', contentType: 'application/octet-stream' });
    await short.write(bytes);
    await expect(short.finish({ bytes: 1001, sha256: sha256(bytes) })).rejects.toThrow(/stored object has 1000 bytes, not 1001/);
    const byHash = objectStoreFor(s3.storeUrl('checks', { verify: 'sha256' }));
    const wrong = startObjectUpload({ store: byHash, key: 'checks/hashed', contentType: 'application/octet-stream' });
    await wrong.write(bytes);
    await expect(wrong.finish({ bytes: 1000, sha256: sha256(Buffer.from('other')) })).rejects.toThrow(/does not hash to the sha256/);
    const right = startObjectUpload({ store: byHash, key: 'checks/right', contentType: 'application/octet-stream' });
    await right.write(bytes);
    expect((await right.finish({ bytes: 1000, sha256: sha256(bytes) })).etag).toMatch(/^".+"$/);
  });
});
