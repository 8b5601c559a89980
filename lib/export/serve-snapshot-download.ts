import { createHash } from 'node:crypto';
import { getPgPool, getReadPool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { snapshotFileName } from '@/lib/export/build-manifest';
import { log } from '@/lib/log';
import { getObjectStore, type ObjectStore } from '@/lib/storage/get-object-store';
import { presignObject } from '@/lib/storage/presign-object';
import { readObject } from '@/lib/storage/read-object';
import { ObjectStoreError } from '@/lib/storage/store-error';

type ByteRange = { start: number; end: number };

/** A single "bytes=a-b" range (also "a-" and "-n"); null to send everything, "unsatisfiable" for 416. Several ranges get the whole file. */
function parseRange(header: string | null, size: number): ByteRange | null | 'unsatisfiable' {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/**
 * The bytes [start, end] of a snapshot, read chunk by chunk (one 256 KiB row at a time) as the
 * client takes them. Chunks come back base64-encoded in PostgreSQL's text format and are decoded
 * here: bytea stays bytes end to end (pg hands a binary-format field over as UTF-8-decoded text,
 * which turns a multi-byte character split at a chunk boundary into U+FFFD). When `expectSha256`
 * is given (a whole file), the stream ends with an error instead of its last bytes unless they hash to it.
 */
function chunkStream(snapshotId: string, chunkSize: number, range: ByteRange, expectSha256: string | null): ReadableStream<Uint8Array> {
  let position = range.start;
  const hash = expectSha256 ? createHash('sha256') : null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (position > range.end) {
        controller.close();
        return;
      }
      const seq = Math.floor(position / chunkSize);
      const from = position - seq * chunkSize;
      const length = Math.min(chunkSize - from, range.end - position + 1);
      // A ready snapshot's chunks never change: a replica's copy serves (issue 29); one not replayed yet, the primary's.
      const chunkSql = `SELECT encode(substring(data FROM $3::int FOR $4::int), 'base64') AS data FROM export_snapshot_chunks WHERE "snapshotId" = $1 AND seq = $2`;
      const params = [snapshotId, seq, from + 1, length];
      const reader = await getReadPool();
      let { rows } = await reader.query<{ data: string }>(chunkSql, params);
      if (rows.length === 0 && reader !== getPgPool()) ({ rows } = await getPgPool().query<{ data: string }>(chunkSql, params));
      const data = rows[0] ? Buffer.from(rows[0].data, 'base64') : null;
      if (!data || data.length !== length) {
        controller.error(new Error(`snapshot ${snapshotId} chunk ${seq} is missing`));
        return;
      }
      position += length;
      hash?.update(data);
      if (hash && position > range.end) {
        const actual = hash.digest('hex');
        if (actual !== expectSha256) {
          log.error('snapshot bytes do not match their sha256', { snapshotId, expected: expectSha256, actual });
          controller.error(new Error(`snapshot ${snapshotId}: the bytes read do not match the stored sha256`));
          return;
        }
      }
      controller.enqueue(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    },
  });
}

/**
 * A whole file read from the object store, checked against its sha256 as it goes: the last chunk is
 * held back until the hash is known, so a client never gets all the bytes of a file that does not match.
 */
function verifiedStream(source: ReadableStream<Uint8Array>, expectSha256: string, snapshotId: string): ReadableStream<Uint8Array> {
  const hash = createHash('sha256');
  const reader = source.getReader();
  let held: Uint8Array | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          const actual = hash.digest('hex');
          if (actual !== expectSha256) {
            log.error('snapshot object does not match its sha256', { snapshotId, expected: expectSha256, actual });
            controller.error(new Error(`snapshot ${snapshotId}: the bytes read do not match the stored sha256`));
            return;
          }
          if (held) controller.enqueue(held);
          controller.close();
          return;
        }
        hash.update(value);
        const ready = held;
        held = value;
        if (ready) {
          controller.enqueue(ready);
          return;
        }
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

type StoredObject = { store: ObjectStore; key: string; etag: string };

/** Where an object-stored snapshot's bytes are, with the store's client; a clear refusal when this server cannot reach them. */
function storedObject(snapshot: {
  id: string;
  objectBucket: string | null;
  objectKey: string | null;
  objectEtag: string | null;
}): StoredObject {
  const store = getObjectStore();
  if (!store || !snapshot.objectBucket || !snapshot.objectKey || !snapshot.objectEtag) {
    log.error('snapshot bytes are in object storage but SNAPSHOT_STORE_URL is not set', { snapshotId: snapshot.id });
    throw new AppError('UNAVAILABLE', "This snapshot's bytes are in object storage, which this server is not set up to reach");
  }
  return { store: { ...store, bucket: snapshot.objectBucket }, key: snapshot.objectKey, etag: snapshot.objectEtag };
}

/** Opens a byte range of the object before anything is answered: a store that is down is a 503, not a cut-off download. */
async function openObject(object: StoredObject, range: ByteRange, snapshotId: string): Promise<ReadableStream<Uint8Array>> {
  try {
    return await readObject({ ...object, range });
  } catch (error) {
    if (!(error instanceof ObjectStoreError)) throw error;
    log.warn('snapshot object could not be read', { snapshotId, error });
    throw new AppError('UNAVAILABLE', `The snapshot's object store cannot be read right now (${error.reason}). Try again shortly.`);
  }
}

const MEDIA_TYPES: Record<string, string> = {
  zip: 'application/zip',
  jsonl: 'application/jsonl; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
};
const mediaType = (fileName: string) => MEDIA_TYPES[fileName.slice(fileName.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

type StoredFile = { path: string; bytes: number; sha256: string; offset?: number };

/** A snapshot made before the folder (one JSON Lines file) still has its card and manifest, kept in its row: served the same way. */
function legacyFile(
  snapshot: { id: string; slug: string; format: string; legacyManifest: unknown; legacyCard: string | null },
  wanted: string,
): Response {
  const text =
    wanted === 'README.md'
      ? snapshot.legacyCard
      : wanted === 'manifest.json' && snapshot.legacyManifest
        ? `${JSON.stringify(snapshot.legacyManifest, null, 2)}\n`
        : null;
  if (text === null) throw new AppError('NOT_FOUND', `This snapshot has no file ${JSON.stringify(wanted.slice(0, 200))}`);
  const bytes = Buffer.from(text, 'utf8');
  const fileName = `${snapshot.slug}-${snapshot.format}-${snapshot.id.slice(0, 8)}-${wanted}`;
  return new Response(bytes, {
    status: 200,
    headers: {
      'content-type': mediaType(wanted),
      'content-length': String(bytes.length),
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'private, no-transform',
      'x-content-type-options': 'nosniff',
    },
  });
}

/**
 * The HTTP answer for a snapshot download: streamed from its chunks with Content-Length, a strong
 * ETag (the sha256), single byte ranges (206, resumable) and If-None-Match (304). The whole
 * download is the dataset folder as a zip; `?file=<path>` (a path the manifest lists, e.g.
 * `data/train-00000-of-00001.jsonl` or `README.md`) is that one file, a byte range of the stored
 * zip (its entries are not compressed), with its own sha256 as ETag. Snapshots made before the
 * folder are one JSON Lines file. A whole file's bytes are checked against its sha256 as they go.
 * Bytes kept in object storage (SNAPSHOT_STORE_URL) are read from the store the same way (ranges of
 * the one object), or, with SNAPSHOT_DOWNLOAD=presigned, the whole zip is a 302 to a presigned URL
 * valid a few minutes (after the caller's authorization; `?file=` and the CLI still stream).
 * 404 when the project has no such snapshot or file, 409 while it builds or after it failed, 503 when
 * the object store cannot be read. Audited (range and file included).
 */
export async function serveSnapshotDownload(options: {
  request: Request;
  projectId: string;
  snapshotId: string;
  /** Null for the operator CLI. */
  actorId: string | null;
  via: 'api' | 'page' | 'cli';
}): Promise<Response> {
  const { request, projectId, snapshotId } = options;
  const { rows } = await getPgPool().query<{
    id: string;
    status: string;
    sha256: string | null;
    byteSize: string;
    chunkSize: number;
    format: string;
    createdAt: Date;
    slug: string;
    container: string | null;
    files: StoredFile[] | null;
    legacyManifest: unknown;
    legacyCard: string | null;
    storage: 'database' | 's3';
    objectBucket: string | null;
    objectKey: string | null;
    objectEtag: string | null;
  }>(
    `SELECT s.id, s.status, s.sha256, s."byteSize", s."chunkSize", s.format, s."createdAt" AT TIME ZONE 'UTC' AS "createdAt", p.slug,
            s.manifest->>'container' AS container, s.manifest->'files' AS files,
            CASE WHEN s.manifest ? 'files' THEN NULL ELSE s.manifest END AS "legacyManifest", CASE WHEN s.manifest ? 'files' THEN NULL ELSE s."datasetCard" END AS "legacyCard",
            s.storage, s."objectBucket", s."objectKey", s."objectEtag"
       FROM export_snapshots s JOIN projects p ON p.id = s."projectId" WHERE s.id = $1 AND s."projectId" = $2`,
    [snapshotId, projectId],
  );
  const snapshot = rows[0];
  if (!snapshot) throw new AppError('NOT_FOUND', 'No such snapshot');
  if (snapshot.status !== 'READY' || !snapshot.sha256) {
    throw new AppError(
      'CONFLICT',
      snapshot.status === 'BUILDING' ? 'This snapshot is still being built' : 'This snapshot failed; create it again',
    );
  }
  const wanted = new URL(request.url).searchParams.get('file');
  if (wanted && !snapshot.files) return legacyFile(snapshot, wanted);
  let whole: { start: number; size: number; sha256: string; fileName: string };
  if (wanted) {
    const file = snapshot.files?.find((f) => f.path === wanted && typeof f.offset === 'number');
    if (!file) throw new AppError('NOT_FOUND', `This snapshot has no file ${JSON.stringify(wanted.slice(0, 200))}`);
    whole = {
      start: file.offset!,
      size: file.bytes,
      sha256: file.sha256,
      fileName: `${snapshot.slug}-${snapshot.format}-${snapshot.id.slice(0, 8)}-${file.path.split('/').pop()}`,
    };
  } else {
    const fileName = snapshotFileName({
      id: snapshot.id,
      projectSlug: snapshot.slug,
      format: snapshot.format,
      createdAt: snapshot.createdAt,
      container: snapshot.container,
    });
    whole = { start: 0, size: Number(snapshot.byteSize), sha256: snapshot.sha256, fileName };
  }
  const size = whole.size;
  const etag = `"${whole.sha256}"`;
  const headers = new Headers({
    etag,
    'accept-ranges': 'bytes',
    // no-transform: Next.js must not compress it (Content-Length and ranges count the stored bytes).
    'cache-control': 'private, no-transform',
    'content-type': mediaType(whole.fileName),
    'content-disposition': `attachment; filename="${whole.fileName}"`,
    'x-content-sha256': whole.sha256,
    'x-content-type-options': 'nosniff',
  });
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch && (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))) {
    return new Response(null, { status: 304, headers });
  }
  const object = snapshot.storage === 's3' ? storedObject(snapshot) : null;
  if (object && !wanted && options.via !== 'cli' && getEnv().SNAPSHOT_DOWNLOAD === 'presigned') {
    const location = await presignObject({ ...object, fileName: whole.fileName, contentType: mediaType(whole.fileName) });
    await audit({ ...options, snapshotId: snapshot.id, data: { via: options.via, presigned: true } });
    return new Response(null, { status: 302, headers: { location, 'cache-control': 'private, no-store' } });
  }
  const ifRange = request.headers.get('if-range');
  const range = ifRange && ifRange.trim() !== etag ? null : parseRange(request.headers.get('range'), size);
  if (range === 'unsatisfiable') {
    headers.set('content-range', `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const span = range ?? { start: 0, end: size - 1 };
  const stored = { start: whole.start + span.start, end: whole.start + span.end };
  const fromStore = object && size > 0 ? await openObject(object, stored, snapshot.id) : null;
  await audit({
    ...options,
    snapshotId: snapshot.id,
    data: { via: options.via, ...(wanted ? { file: wanted } : {}), ...(range ? { range: `${range.start}-${range.end}` } : {}) },
  });
  headers.set('content-length', String(span.end - span.start + 1));
  if (range) headers.set('content-range', `bytes ${range.start}-${range.end}/${size}`);
  // An empty file still has a body (an empty stream), so every client can read it the same way.
  if (size === 0) return new Response(new ReadableStream({ start: (controller) => controller.close() }), { status: 200, headers });
  const body = fromStore
    ? range
      ? fromStore
      : verifiedStream(fromStore, whole.sha256, snapshot.id)
    : chunkStream(snapshot.id, snapshot.chunkSize, stored, range ? null : whole.sha256);
  return new Response(body, { status: range ? 206 : 200, headers });
}

async function audit(options: { actorId: string | null; projectId: string; snapshotId: string; data: Record<string, unknown> }) {
  await getPgPool().query(
    `INSERT INTO audit_events ("actorId", "projectId", action, "targetType", "targetId", data) VALUES ($1, $2, 'export.snapshot.download', 'export_snapshot', $3, $4)`,
    [options.actorId, options.projectId, options.snapshotId, JSON.stringify(options.data)],
  );
}
