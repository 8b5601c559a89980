import fs from 'node:fs';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { collectGarbage } from '@/lib/import/collect-garbage';
import { hashFiles, type RowSource, type SourceRow } from '@/lib/import/row-source';
import { InvalidText, toJsonValue } from '@/lib/import/to-json-value';

/** The first bytes of every Parquet file. */
export const PARQUET_MAGIC = 'PAR1';

/**
 * Rows of one Parquet file, read with hyparquet one row group at a time (memory is bounded by the
 * largest row group, not the file), each value mapped to plain JSON (see toJsonValue). Row
 * numbers are 1-based and start after `firstLine` (dataset folders number rows across shards).
 */
export async function* readParquetRows(
  file: string,
  options: { firstLine?: number; split?: string; bytes?: (n: number) => void } = {},
): AsyncGenerator<SourceRow> {
  const buffer = await asyncBufferFromFile(file);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    yield {
      line: (options.firstLine ?? 0) + 1,
      error: {
        line: (options.firstLine ?? 0) + 1,
        path: '',
        message: `Not a readable Parquet file: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
    return;
  }
  let line = options.firstLine ?? 0;
  let rowStart = 0;
  let counted = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, compressors, parsers: { stringFromBytes } });
    const groupBytes = group.columns.reduce((n, c) => n + Number(c.meta_data?.total_compressed_size ?? 0), 0);
    counted += groupBytes;
    options.bytes?.(groupBytes);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      rows[i] = undefined as never; // let the group's rows go as they are handed on
      line += 1;
      const invalid: string[] = [];
      const value = toJsonValue(row, invalid);
      if (invalid[0] !== undefined)
        yield { line, error: { line, path: invalid[0], message: 'Not valid UTF-8 text (strings must be UTF-8 encoded)' } };
      else yield options.split === undefined ? { line, value } : { line, value, split: options.split };
    }
    rowStart = rowEnd;
    // The group's rows are handed on: collect them before the next group is decoded beside them.
    collectGarbage();
  }
  // The footer and headers: the whole file has been read once the last group is.
  options.bytes?.(Math.max(0, buffer.byteLength - counted));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strings are decoded strictly: hyparquet's default would turn invalid bytes into U+FFFD silently. */
function stringFromBytes(bytes: Uint8Array | undefined): string | InvalidText | undefined {
  if (!bytes) return bytes;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return new InvalidText();
  }
}

/** Rows in a Parquet file, from its footer (without reading the data). */
export async function countParquetRows(file: string): Promise<number> {
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
  return Number(metadata.num_rows);
}

/** A single Parquet file as a row source. */
export async function parquetSource(file: string): Promise<RowSource> {
  return {
    container: 'parquet',
    totalRows: await countParquetRows(file).catch(() => null),
    totalBytes: (await fs.promises.stat(file)).size,
    rows: (progress) => readParquetRows(file, progress ? { bytes: (n) => progress.bytes(n) } : {}),
    locate: (line) => ({ line }),
    fingerprint: () => hashFiles([file]),
  };
}
