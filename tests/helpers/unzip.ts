import { fromBufferPromise, type Entry } from 'yauzl';

/** The files of a zip, read with yauzl (an independent reader: it checks every CRC), in archive order, with where each entry's data start. */
export async function unzip(bytes: Buffer): Promise<{ path: string; bytes: Buffer; entry: Entry }[]> {
  const zip = await fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });
  const files: { path: string; bytes: Buffer; entry: Entry }[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const parts: Buffer[] = [];
        stream.on('data', (c: Buffer) => parts.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          files.push({ path: entry.fileName, bytes: Buffer.concat(parts), entry });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return files;
}
