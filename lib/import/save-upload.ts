import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@/lib/errors';

/**
 * Streams an upload to a private temporary file (the import reads it twice), refusing more than
 * `maxBytes` without buffering. The caller deletes it with `remove()`.
 */
export async function saveUpload(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<{ path: string; bytes: number; remove(): Promise<void> }> {
  if (!body) throw new AppError('INVALID_INPUT', 'The request has no body: send the JSON Lines file as the request body');
  const file = path.join(os.tmpdir(), `preflab-upload-${randomBytes(8).toString('hex')}.jsonl`);
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes)
        callback(new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${Math.floor(maxBytes / 1024 / 1024)} MiB`));
      else callback(null, chunk);
    },
  });
  const remove = () => fs.promises.rm(file, { force: true });
  try {
    await pipeline(
      Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>),
      limit,
      fs.createWriteStream(file, { mode: 0o600 }),
    );
  } catch (error) {
    await remove();
    throw error;
  }
  return { path: file, bytes, remove };
}
