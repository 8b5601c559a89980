/**
 * The Parquet shard encoder: rows pushed in pieces come out as one Parquet file whose rows, read
 * back with an independent reader (parquet-wasm, the Rust `parquet` crate, into Apache Arrow JS),
 * equal the JSON Lines encoder's; the writer waits for a slow output; an empty shard is a valid
 * zero-row file; an output failure reaches the caller.
 */
import { tableFromIPC, type Table } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { formatSchema } from '@/lib/export/format-schema';
import { parquetEncoder } from '@/lib/export/parquet-encoder';
import { jsonLinesEncoder, type ShardEncoder, type ShardRow } from '@/lib/export/shard-encoder';
import { EXPORT_FORMATS } from '@/lib/export/types';
import { chunkA, chunkB, rowsOf } from '@/tests/helpers/export-items';

const read = (bytes: Uint8Array): Table => tableFromIPC(readParquet(bytes).intoIPCStream());
/** Arrow rows as plain JSON values (int64 arrive as bigint). */
const plain = (table: Table) =>
  JSON.parse(JSON.stringify(table.toArray(), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as unknown[];
const shardRow = (row: Record<string, unknown>): ShardRow => {
  const line = JSON.stringify(row);
  return { line, value: () => JSON.parse(line) as Record<string, unknown> };
};

/** Pushes `rows` through one shard of `encoder` in pieces of `piece` rows; the output waits a tick per chunk. */
async function encode(encoder: ShardEncoder, rows: ShardRow[], piece: number, onWrite?: (buffered: number) => void) {
  const chunks: Buffer[] = [];
  const writer = encoder.open('train', async (bytes) => {
    await new Promise((resolve) => setImmediate(resolve));
    chunks.push(bytes);
  });
  for (let i = 0; i < rows.length; i += piece) {
    await writer.write(rows.slice(i, i + piece));
    onWrite?.(writer.buffered());
  }
  await writer.end();
  return { bytes: Buffer.concat(chunks), chunks: chunks.length };
}

describe('parquetEncoder', () => {
  it('names its files, type and builder as Parquet', () => {
    expect(parquetEncoder([])).toMatchObject({ ext: 'parquet', builder: 'parquet', mediaType: 'application/vnd.apache.parquet' });
  });

  it.each(EXPORT_FORMATS)('%s: rows written across several calls read back equal to the JSON Lines rows', async (format) => {
    const fields = formatSchema(format, { margin: 'votes' });
    const rows = rowsOf(format, [...chunkA, ...chunkB], { margin: 'votes', ties: 'keep' }).map(shardRow);
    expect(rows.length).toBeGreaterThan(1);
    const jsonl = (await encode(jsonLinesEncoder, rows, 3)).bytes.toString('utf8').split('\n').filter(Boolean);
    const parquet = await encode(parquetEncoder(fields, { rowGroupSize: 2 }), rows, 3);
    const table = read(parquet.bytes);
    expect(table.numRows).toBe(rows.length);
    expect(plain(table)).toEqual(jsonl.map((l) => JSON.parse(l) as unknown));
  });

  it('holds about one row group: write() waits for the output, buffered() counts rows not yet written out', async () => {
    const fields = formatSchema('raw', { margin: 'none' });
    const base = rowsOf('raw', [...chunkA, ...chunkB]);
    const rows = Array.from({ length: 40 }, (_, i) => shardRow(base[i % base.length]!));
    const longest = Math.max(...rows.map((r) => r.line.length + 1));
    const held: number[] = [];
    const parquet = await encode(parquetEncoder(fields, { rowGroupSize: 4 }), rows, 5, (b) => held.push(b));
    // Each write returns once at most one row group (4) is queued, beside the group being encoded (4) and the rows just pushed (5).
    expect(Math.max(...held)).toBeLessThanOrEqual(13 * longest);
    expect(Math.max(...held)).toBeGreaterThan(0);
    expect(parquet.chunks).toBeGreaterThanOrEqual(10);
    expect(read(parquet.bytes).numRows).toBe(40);
  });

  it('writes an empty shard as a valid zero-row file with the format’s columns', async () => {
    const fields = formatSchema('pairs', { margin: 'none' });
    const { bytes } = await encode(parquetEncoder(fields), [], 1);
    const table = read(bytes);
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(fields.map((f) => f.name));
  });

  it('passes an output failure on to the writer', async () => {
    const fields = formatSchema('pairs', { margin: 'none' });
    const rows = rowsOf('pairs', chunkA).map(shardRow);
    const writer = parquetEncoder(fields, { rowGroupSize: 1 }).open('train', async () => {
      throw new Error('disk full');
    });
    const run = async () => {
      for (const row of rows) await writer.write([row]);
      await writer.end();
    };
    await expect(run()).rejects.toThrow('disk full');
  });
});
