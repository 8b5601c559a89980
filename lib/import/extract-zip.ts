import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { AppError } from '@/lib/errors';

/** The first bytes of a zip file (a local file header). */
export const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Extracts a zip (a dataset folder uploaded over HTTP) into `into` with yauzl, which reads the
 * central directory and refuses entry names that are absolute or climb out with "..". Refuses
 * more than `maxBytes` uncompressed in all (a zip bomb), counting the bytes actually inflated,
 * not only what the directory claims. Skips folders and macOS's __MACOSX resource forks.
 */
export async function extractZip(file: string, into: string, maxBytes: number): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (error, z) =>
      error || !z ? reject(refused(error)) : resolve(z),
    ),
  );
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      zip.close();
      reject(refused(error));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName.replace(/\\/g, '/');
      if (name.endsWith('/') || name.startsWith('__MACOSX/') || path.posix.basename(name).startsWith('._')) {
        zip.readEntry();
        return;
      }
      total += entry.uncompressedSize;
      if (total > maxBytes)
        return fail(new AppError('PAYLOAD_TOO_LARGE', `The zip holds more than ${Math.floor(maxBytes / 1024 / 1024)} MiB once extracted`));
      const target = path.join(into, ...name.split('/'));
      if (!target.startsWith(into + path.sep))
        return fail(new AppError('INVALID_INPUT', `The zip entry "${name}" points outside the folder`));
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return fail(error);
        fs.promises
          .mkdir(path.dirname(target), { recursive: true })
          .then(() => pipeline(stream, fs.createWriteStream(target, { mode: 0o600 })))
          .then(() => zip.readEntry(), fail);
      });
    });
    zip.readEntry();
  });
}

function refused(error: unknown): Error {
  if (error instanceof AppError) return error;
  return new AppError('INVALID_INPUT', `The zip cannot be read: ${error instanceof Error ? error.message : String(error)}`);
}
