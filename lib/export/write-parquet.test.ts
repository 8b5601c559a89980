/**
 * The Parquet encoding, read back with an independent reader: parquet-wasm (the Rust `parquet`
 * crate of Apache Arrow, compiled to WebAssembly) into Apache Arrow JS. Every format's rows come
 * back equal, typed by the format's schema, across row groups, and zero rows make a valid file.
 */
import { createHash } from 'node:crypto';
import { tableFromIPC, type Table } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { formatSchema } from '@/lib/export/format-schema';
import { exportRowObjects } from '@/lib/export/item-rows';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import { streamShards, writeExport } from '@/lib/export/write-export';
import { EXPORT_FORMATS, type ExportItem } from '@/lib/export/types';
import { encodeParquet, writeParquet } from '@/lib/export/write-parquet';
import { chunkA, chunkB, rowsOf } from '@/tests/helpers/export-items';

const read = (bytes: Uint8Array): Table => tableFromIPC(readParquet(bytes).intoIPCStream());
/** Arrow rows as plain JSON values (int64 arrive as bigint). */
const plain = (table: Table) =>
  JSON.parse(JSON.stringify(table.toArray(), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as unknown[];
const types = (table: Table) => Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));

describe('writeParquet', () => {
  it.each(EXPORT_FORMATS)('%s: every row reads back equal, with the declared column types', async (format) => {
    const rows = rowsOf(format, [...chunkA, ...chunkB], { margin: 'votes', ties: 'keep' });
    expect(rows.length).toBeGreaterThan(1);
    const table = read(await encodeParquet(formatSchema(format, { margin: 'votes' }), rows));
    expect(table.numRows).toBe(rows.length);
    expect(table.schema.fields.map((f) => f.name)).toEqual(formatSchema(format, { margin: 'votes' }).map((f) => f.name));
    expect(plain(table)).toEqual(JSON.parse(JSON.stringify(rows)));
  });

  it('types columns by the schema, not by the values: floats stay floats, per-response records are one struct', async () => {
    const pairs = read(await encodeParquet(formatSchema('pairs', { margin: 'votes' }), rowsOf('pairs', chunkA, { margin: 'votes' })));
    // Every margin here is 1 or a fraction: a guessing writer would type a file of whole margins as integers.
    expect(types(pairs)).toMatchObject({
      margin: 'Float64',
      weight: 'Float64',
      tie: 'Bool',
      labeler: 'Utf8',
      votes: 'Struct<{chosen:Int64, rejected:Int64, tie:Int64}>',
    });
    const rankings = read(await encodeParquet(formatSchema('rankings', { margin: 'none' }), rowsOf('rankings', chunkB)));
    expect(types(rankings).judgments).toContain(
      'ratings:List<Struct<{response_id:Utf8, likert:Int64, flags:List<Utf8>, flaws:List<Struct<{start:Int64, end:Int64, category:Utf8, severity:Int64, comment:Utf8}>>}>>',
    );
  });

  it('streams row groups to the sink with the size and sha256 of exactly the bytes written; zero rows make a valid file', async () => {
    const fields = formatSchema('raw', { margin: 'none' });
    const rows = rowsOf('raw', [...chunkA, ...chunkB]);
    const chunks: Buffer[] = [];
    const stats = await writeParquet({
      fields,
      rows: rows.values(),
      rowGroupSize: 2,
      write: async (chunk) => void chunks.push(chunk),
      metadata: { snapshot: 's1' },
    });
    const bytes = Buffer.concat(chunks);
    expect(chunks.length).toBeGreaterThan(2);
    expect(stats).toEqual({ rows: rows.length, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(plain(read(bytes))).toEqual(JSON.parse(JSON.stringify(rows)));

    for (const format of EXPORT_FORMATS) {
      const declared = formatSchema(format, { margin: 'likert' });
      const empty = read(await encodeParquet(declared, []));
      expect(empty.numRows).toBe(0);
      expect(empty.schema.fields.map((f) => f.name)).toEqual(declared.map((f) => f.name));
    }
  });

  it('gives files of different content (two shards, or an empty one) one schema', async () => {
    for (const format of ['rankings', 'raw', 'pairs-chat'] as const) {
      const declared = formatSchema(format, { margin: 'votes' });
      const schemas = await Promise.all(
        [chunkA, chunkB, []].map(async (items) =>
          String(read(await encodeParquet(declared, rowsOf(format, items, { margin: 'votes' }))).schema),
        ),
      );
      expect(new Set(schemas).size).toBe(1);
    }
  });

  it.each(EXPORT_FORMATS)(
    '%s: the Parquet file holds exactly the rows of the JSON Lines export, with the same skip counts',
    async (format) => {
      const settings = toExportSettings(ZExportRequest.parse({ format, margin: 'likert', ties: 'keep', multi_turn: 'skip' }));
      async function* batches(): AsyncGenerator<{ items: ExportItem[]; scanned: number }> {
        yield { items: chunkA, scanned: chunkA.length };
        yield { items: chunkB, scanned: chunkB.length };
      }
      const chunks: Buffer[] = [];
      const jsonl = await writeExport({ settings, batches: batches(), shards: streamShards(async (chunk) => void chunks.push(chunk)) });
      const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
      const skipped = { no_margin: 0, multi_turn: 0 };
      const rows = (async function* () {
        for await (const r of exportRowObjects({ settings, batches: batches(), skipped })) yield r.row;
      })();
      const table = read(await encodeParquet(formatSchema(format, settings.record), rows));
      expect(plain(table)).toEqual(lines.map((l) => JSON.parse(l) as unknown));
      expect(skipped).toEqual(jsonl.skipped);
    },
  );
});
