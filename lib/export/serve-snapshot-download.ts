import type { QueryConfig } from 'pg';
import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { snapshotFileName } from '@/lib/export/build-manifest';

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

/** The bytes [start, end] of a snapshot, read chunk by chunk (one 256 KiB row at a time) as the client takes them. */
function chunkStream(snapshotId: string, chunkSize: number, range: ByteRange): ReadableStream<Uint8Array> {
  let position = range.start;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (position > range.end) {
        controller.close();
        return;
      }
      const seq = Math.floor(position / chunkSize);
      const from = position - seq * chunkSize;
      const length = Math.min(chunkSize - from, range.end - position + 1);
      // Binary results: the bytes as they are, not hex text twice their size (pg has no binary bytea parser: keep the Buffer).
      const query = {
        text: 'SELECT substring(data FROM $3::int FOR $4::int) AS data FROM export_snapshot_chunks WHERE "snapshotId" = $1 AND seq = $2',
        values: [snapshotId, seq, from + 1, length],
        binary: true,
        types: { getTypeParser: () => (value: Buffer) => value },
      } as unknown as QueryConfig;
      const { rows } = await getPgPool().query<{ data: Buffer }>(query);
      const data = rows[0]?.data;
      if (!data || data.length !== length) {
        controller.error(new Error(`snapshot ${snapshotId} chunk ${seq} is missing`));
        return;
      }
      position += length;
      controller.enqueue(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    },
  });
}

/**
 * The HTTP answer for a snapshot download: streamed from its chunks with Content-Length, a strong
 * ETag (the sha256), single byte ranges (206, resumable) and If-None-Match (304). 404 when the
 * project has no such snapshot, 409 while it builds or after it failed. Audited (range included).
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
  const { rows } = await getPgPool().query<{ id: string; status: string; sha256: string | null; byteSize: string; chunkSize: number; format: string; createdAt: Date; slug: string }>(
    `SELECT s.id, s.status, s.sha256, s."byteSize", s."chunkSize", s.format, s."createdAt" AT TIME ZONE 'UTC' AS "createdAt", p.slug
       FROM export_snapshots s JOIN projects p ON p.id = s."projectId" WHERE s.id = $1 AND s."projectId" = $2`,
    [snapshotId, projectId],
  );
  const snapshot = rows[0];
  if (!snapshot) throw new AppError('NOT_FOUND', 'No such snapshot');
  if (snapshot.status !== 'READY' || !snapshot.sha256) {
    throw new AppError('CONFLICT', snapshot.status === 'BUILDING' ? 'This snapshot is still being built' : 'This snapshot failed; create it again');
  }
  const size = Number(snapshot.byteSize);
  const etag = `"${snapshot.sha256}"`;
  const fileName = snapshotFileName({ id: snapshot.id, projectSlug: snapshot.slug, format: snapshot.format, createdAt: snapshot.createdAt });
  const headers = new Headers({
    etag,
    'accept-ranges': 'bytes',
    // no-transform: Next.js must not compress it (Content-Length and ranges count the stored bytes).
    'cache-control': 'private, no-transform',
    'content-type': 'application/jsonl; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
    'x-content-sha256': snapshot.sha256,
  });
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch && (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))) {
    return new Response(null, { status: 304, headers });
  }
  const ifRange = request.headers.get('if-range');
  const range = ifRange && ifRange.trim() !== etag ? null : parseRange(request.headers.get('range'), size);
  if (range === 'unsatisfiable') {
    headers.set('content-range', `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  await getPgPool().query(
    `INSERT INTO audit_events ("actorId", "projectId", action, "targetType", "targetId", data) VALUES ($1, $2, 'export.snapshot.download', 'export_snapshot', $3, $4)`,
    [options.actorId, projectId, snapshot.id, JSON.stringify({ via: options.via, ...(range ? { range: `${range.start}-${range.end}` } : {}) })],
  );
  const span = range ?? { start: 0, end: size - 1 };
  headers.set('content-length', String(span.end - span.start + 1));
  if (range) headers.set('content-range', `bytes ${range.start}-${range.end}/${size}`);
  if (size === 0) return new Response(null, { status: 200, headers });
  return new Response(chunkStream(snapshot.id, snapshot.chunkSize, span), { status: range ? 206 : 200, headers });
}
