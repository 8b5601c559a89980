/**
 * Snapshot bytes survive any content: multi-byte text (CJK, Arabic, emoji, combining marks) with
 * a character split at every chunk boundary reads back byte-identical, whole and by ranges around
 * every boundary, with the stored sha256 checked on every whole download; a real export of such
 * text over many chunks downloads identical, as a zip and file by file.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { download, judge, makeExportProject, snapshot, type Fixture } from '../helpers/export-fixture';
import { getDb, getPgPool } from '@/lib/db';

const CHARS = ['漢', '字', '日', '本', 'ب', 'ع', 'ر', '😀', '👩‍🔬', 'é', '\u0301', 'ö', '🇩🇪', '中'];
const bytesOf = (c: string) => Buffer.byteLength(c, 'utf8');

/** Text of about `size` bytes in which, at every multiple of `chunk`, a multi-byte character is cut in two. */
function textSplitAtEveryBoundary(size: number, chunk: number): Buffer {
  const parts: string[] = [];
  let length = 0;
  let i = 0;
  while (length < size) {
    const toBoundary = chunk - (length % chunk);
    // Pick the next character so that none ends exactly at a boundary: one starting before it crosses it.
    let c = CHARS[i++ % CHARS.length]!;
    if (toBoundary <= 4) c = ['😀', '😀', '漢', '😀', '😀'][toBoundary]!;
    if (toBoundary < bytesOf(c) || toBoundary > 4) {
      parts.push(c);
      length += bytesOf(c);
    } else {
      parts.push('😀');
      length += 4;
    }
  }
  return Buffer.from(parts.join(''), 'utf8');
}

/** Stores `bytes` as a ready single-file snapshot of the project in chunks of `chunk` bytes, as the builder stores them. */
async function storeSnapshot(projectId: string, bytes: Buffer, chunk: number): Promise<string> {
  const pool = getPgPool();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO export_snapshots ("projectId", format, options, "schemaVersion", status, "chunkSize", sha256, "byteSize", "appVersion", "createdAt", "heartbeatAt")
     VALUES ($1, 'raw', '{}', 1, 'READY', $2, $3, $4, 'test', now(), now()) RETURNING id`,
    [projectId, chunk, sha256, bytes.length],
  );
  const id = rows[0]!.id;
  for (let seq = 0; seq * chunk < bytes.length; seq++) {
    await pool.query('INSERT INTO export_snapshot_chunks ("snapshotId", seq, data) VALUES ($1, $2, $3)', [
      id,
      seq,
      bytes.subarray(seq * chunk, (seq + 1) * chunk),
    ]);
  }
  return id;
}

const isContinuation = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

let f: Fixture;
beforeAll(async () => {
  f = await makeExportProject({ items: 0 });
});

describe('snapshot chunks hold bytes, not text', () => {
  const CHUNK = 1000;
  let bytes: Buffer;
  let id: string;
  beforeAll(async () => {
    bytes = textSplitAtEveryBoundary(40 * CHUNK + 123, CHUNK);
    id = await storeSnapshot(f.project.id, bytes, CHUNK);
  });

  it('cuts a character at every one of the 40 chunk boundaries (the test data do what they claim)', () => {
    const boundaries = Array.from({ length: Math.floor((bytes.length - 1) / CHUNK) }, (_, k) => (k + 1) * CHUNK);
    expect(boundaries.length).toBeGreaterThanOrEqual(40);
    for (const b of boundaries) expect(isContinuation(bytes[b]), `boundary ${b}`).toBe(true);
  });

  it('downloads byte-identical whole, with the stored sha256 as ETag', async () => {
    const whole = await download(f.project.id, id, null);
    expect(whole.response.status).toBe(200);
    expect(whole.bytes.equals(bytes)).toBe(true);
    expect(whole.response.headers.get('etag')).toBe(`"${createHash('sha256').update(bytes).digest('hex')}"`);
  });

  it('serves every range that starts or ends beside a boundary byte-identical', async () => {
    const size = bytes.length;
    for (let b = CHUNK; b < size; b += CHUNK) {
      for (const [start, end] of [
        [b - 1, b],
        [b - 3, b + 2],
        [b, b + CHUNK - 1],
        [b - CHUNK + 1, Math.min(size - 1, b + CHUNK + 1)],
      ] as const) {
        const part = await download(f.project.id, id, null, { range: `bytes=${start}-${end}` });
        expect(part.response.status, `${start}-${end}`).toBe(206);
        expect(part.bytes.equals(bytes.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
      }
    }
    const suffix = await download(f.project.id, id, null, { range: 'bytes=-2500' });
    expect(suffix.bytes.equals(bytes.subarray(size - 2500))).toBe(true);
  });

  it('a whole download whose stored bytes no longer match the sha256 fails instead of ending quietly', async () => {
    const other = await storeSnapshot(f.project.id, bytes, CHUNK);
    // Same length, different bytes in the last chunk: only the hash can tell.
    const seq = Math.floor((bytes.length - 1) / CHUNK);
    await getPgPool().query(
      `UPDATE export_snapshot_chunks SET data = set_byte(data, 0, get_byte(data, 0) # 1) WHERE "snapshotId" = $1 AND seq = $2`,
      [other, seq],
    );
    await expect(download(f.project.id, other, null)).rejects.toThrow();
    // A range is served as stored (a range cannot be checked against the whole file's hash).
    const first = await download(f.project.id, other, null, { range: 'bytes=0-99' });
    expect(first.bytes.equals(bytes.subarray(0, 100))).toBe(true);
  });
});

describe('a real export of multi-byte text over many chunks', () => {
  it('downloads identical as the zip and file by file, with every character intact', async () => {
    const p = await makeExportProject({ items: 6 });
    const texts: string[] = [];
    for (const [n, item] of p.items.entries()) {
      const text = textSplitAtEveryBoundary(3000 + n * 211, 997).toString('utf8');
      texts.push(text);
      await getDb().response.update({ where: { id: item.r[0]! }, data: { text } });
      await judge(item, p.labelers[0]!.id, [0, 1, 2, 3]);
    }
    const CHUNK = 997;
    const manifest = await snapshot(p.project.id, null, { format: 'rankings', validation_share: 0.3 }, CHUNK);
    expect(manifest.bytes / CHUNK).toBeGreaterThan(20);
    const whole = await download(p.project.id, manifest.snapshot_id, null);
    expect(whole.sha256).toBe(manifest.sha256);
    // Most boundaries of the stored zip fall inside a character (its data are nearly all multi-byte).
    const cut = Array.from({ length: Math.floor(whole.bytes.length / CHUNK) }, (_, k) => (k + 1) * CHUNK).filter((b) =>
      isContinuation(whole.bytes[b]),
    );
    expect(cut.length).toBeGreaterThan(10);
    for (const b of cut) {
      const part = await download(p.project.id, manifest.snapshot_id, null, { range: `bytes=${b - 2}-${b + 2}` });
      expect(part.bytes.equals(whole.bytes.subarray(b - 2, b + 3))).toBe(true);
    }
    const responses = whole.rows.flatMap((r) => (r.responses as { text: string }[]).map((x) => x.text));
    for (const text of texts) expect(responses).toContain(text);
    // Every entry is STORED and stamped with the snapshot's creation time (in UTC, whatever the server's zone).
    const { createdAt } = await getDb().exportSnapshot.findUniqueOrThrow({
      where: { id: manifest.snapshot_id },
      select: { createdAt: true },
    });
    for (const z of whole.files) {
      expect(z.entry.compressionMethod, z.path).toBe(0);
      expect(z.entry.extraFields, z.path).toEqual([]);
      expect(z.entry.getLastModDate({ timezone: 'UTC' }).getTime(), z.path).toBe(Math.floor(createdAt.getTime() / 2000) * 2000);
    }
    // Each file of the folder, served alone, is its listed bytes and sha256, and the same bytes as in the zip.
    for (const file of manifest.files) {
      const one = await download(p.project.id, manifest.snapshot_id, null, {}, file.path);
      expect(one.response.status, file.path).toBe(200);
      expect(one.sha256, file.path).toBe(file.sha256);
      expect(one.bytes.equals(whole.files.find((z) => z.path === file.path)!.bytes), file.path).toBe(true);
    }
  });
});
