import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { datasetFolderSource } from '@/lib/import/dataset-folder-source';
import { extractZip, ZIP_MAGIC } from '@/lib/import/extract-zip';
import { jsonLinesSource } from '@/lib/import/json-lines-source';
import { PARQUET_MAGIC, parquetSource } from '@/lib/import/parquet-source';
import type { RowSource } from '@/lib/import/row-source';

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A zip's folder, or the one folder it wraps (`my-dataset/README.md, my-dataset/data/…`). */
async function datasetRoot(dir: string): Promise<string> {
  const entries = (await fs.promises.readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.') && e.name !== '__MACOSX');
  const only = entries[0];
  return entries.length === 1 && only?.isDirectory() ? datasetRoot(path.join(dir, only.name)) : dir;
}

/**
 * The rows of what an import was given, told by its content, not its name: a directory is a
 * Hugging Face dataset folder; a file starting with "PAR1" is Parquet; a zip is a dataset folder
 * (extracted to a private temporary folder, removed by `close`, at most `maxZipBytes` inflated);
 * anything else is JSON Lines.
 */
export async function openRowSource(options: {
  path: string;
  config?: string;
  maxZipBytes: number;
}): Promise<{ source: RowSource; close(): Promise<void> }> {
  const stat = await fs.promises.stat(options.path);
  const none = async () => {};
  if (stat.isDirectory()) return { source: await datasetFolderSource(options.path, options.config), close: none };
  const head = await firstBytes(options.path, 4);
  if (head.toString('latin1') === PARQUET_MAGIC) return { source: await parquetSource(options.path), close: none };
  if (head.equals(ZIP_MAGIC)) {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), `preflab-import-${randomBytes(4).toString('hex')}-`));
    const close = () => fs.promises.rm(dir, { recursive: true, force: true });
    try {
      await extractZip(options.path, dir, options.maxZipBytes);
      return { source: await datasetFolderSource(await datasetRoot(dir), options.config), close };
    } catch (error) {
      await close();
      throw error;
    }
  }
  const file = options.path;
  return { source: jsonLinesSource(() => fs.createReadStream(file), stat.size), close: none };
}
