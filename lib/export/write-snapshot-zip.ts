import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ZipFile } from 'yazl';

/** A file of the dataset folder: in memory (the card, the manifest) or a temporary file (a data shard). */
export type ZipEntry = { path: string; bytes: number } & ({ buffer: Buffer } | { tempPath: string });

const LOCAL_HEADER_BYTES = 30;
const ZIP32_LIMIT = 0xfffffffe;

/**
 * A Date whose local-time fields read as `at` in UTC: the zip's DOS timestamps (local wall time,
 * no zone) then say the same whatever the server's time zone. No Unix-time extra field is written
 * (forceDosTimestamp): yazl would derive it from the same shifted Date.
 */
const utcWallClock = (at: Date) => new Date(at.getTime() + at.getTimezoneOffset() * 60_000);

/**
 * Writes the dataset folder as one zip with yazl, every entry STORED (not compressed) and stamped
 * with `mtime` as UTC wall-clock time (2-second DOS precision): the archive is a pure function of the files, their order and `mtime`, and each
 * file's bytes sit contiguously in it, so one file is served as a byte range of the stored
 * archive. Returns the archive's size and sha256 and where each file's bytes start.
 */
export async function writeSnapshotZip(options: {
  entries: ZipEntry[];
  mtime: Date;
  out: (chunk: Buffer) => Promise<void>;
}): Promise<{ bytes: number; sha256: string; offsets: Record<string, number> }> {
  const zip = new ZipFile();
  const mtime = utcWallClock(options.mtime);
  const offsets: Record<string, number> = {};
  // yazl's layout: a 30-byte local header and the UTF-8 name (no extra field), the data, and for a
  // streamed entry a data descriptor (16 bytes; 24 once the entry needs ZIP64).
  let cursor = 0;
  for (const entry of options.entries) {
    const header = cursor;
    offsets[entry.path] = cursor + LOCAL_HEADER_BYTES + Buffer.byteLength(entry.path, 'utf8');
    cursor = offsets[entry.path]! + entry.bytes;
    if ('buffer' in entry) {
      zip.addBuffer(entry.buffer, entry.path, { mtime, compress: false, forceDosTimestamp: true });
    } else {
      cursor += entry.bytes > ZIP32_LIMIT || header > ZIP32_LIMIT ? 24 : 16;
      const tempPath = entry.tempPath;
      zip.addReadStreamLazy(entry.path, { mtime, compress: false, forceDosTimestamp: true, size: entry.bytes }, (cb) =>
        cb(null, createReadStream(tempPath)),
      );
    }
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const failed = new Promise<never>((_, reject) => zip.on('error', reject));
  failed.catch(() => undefined);
  zip.end();
  const pump = (async () => {
    for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      await options.out(chunk);
    }
  })();
  await Promise.race([pump, failed]);
  return { bytes, sha256: hash.digest('hex'), offsets };
}
