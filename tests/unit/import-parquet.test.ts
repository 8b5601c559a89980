/**
 * Parquet and Hugging Face dataset folders reach the parsers as the same plain JSON values as
 * their JSON Lines twins. The Parquet files are written here by an independent writer
 * (hyparquet-writer, typed as pyarrow types them: a conversation is list<struct<role, content>>).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { datasetFolderSource, findDatasetShards } from '@/lib/import/dataset-folder-source';
import { createParser, detectFormat } from '@/lib/import/detect-format';
import { openRowSource } from '@/lib/import/open-row-source';
import { readParquetRows } from '@/lib/import/parquet-source';
import { readJsonLines } from '@/lib/import/read-json-lines';
import type { RowSource, SourceRow } from '@/lib/import/row-source';
import { toJsonValue } from '@/lib/import/to-json-value';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { writeParquet } from '../helpers/write-parquet';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-parquet-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (...parts: string[]) => {
  const file = path.join(dir, ...parts);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return file;
};

async function collect(rows: AsyncIterable<SourceRow>): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

function jsonLinesFile(name: string, rows: unknown[]): string {
  const file = at(name);
  fs.writeFileSync(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return file;
}

const valuesOf = (rows: SourceRow[]) => rows.map((r) => ('value' in r ? r.value : r.error));

/** What the format's parser makes of the rows (items or errors). */
function parsed(rows: SourceRow[]) {
  const first = rows.find((r): r is { line: number; value: unknown } => 'value' in r);
  const format = detectFormat(first?.value);
  const parser = createParser(format!, DEFAULT_IMPORT_RULES);
  const results = rows.flatMap((r) => ('value' in r ? [parser.push(r.line, r.value)] : []));
  results.push(parser.finish());
  return { format, items: results.flatMap((r) => r.items), errors: results.flatMap((r) => r.errors) };
}

const conversation = (user: string, assistant: string) => [
  { role: 'user', content: user },
  { role: 'assistant', content: assistant },
];

const SHAPES: Record<string, Record<string, unknown>[]> = {
  native: [
    {
      id: 'n-1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: '  Two leading spaces stay.' },
      ],
      responses: [
        { id: 'n-1-a', model: 'alpha', text: 'First\n\nwith a blank line' },
        { id: 'n-1-b', model: 'beta', text: 'Second ✓ ünïcode' },
      ],
      metadata: { topic: 'style', n: 7 },
    },
    {
      id: 'n-2',
      messages: [{ role: 'user', content: 'Another?' }],
      responses: [
        { id: 'n-2-a', model: 'alpha', text: 'Yes' },
        { id: 'n-2-b', model: 'gamma', text: 'No' },
      ],
      metadata: { topic: 'short', n: 8 },
    },
  ],
  'hh-rlhf': [
    { chosen: '\n\nHuman: What is 2+2?\n\nAssistant: 4', rejected: '\n\nHuman: What is 2+2?\n\nAssistant: 5' },
    {
      chosen: '\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Bye\n\nAssistant:  Goodbye.',
      rejected: '\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Bye\n\nAssistant: Later',
    },
  ],
  'trl-standard': [
    { prompt: 'Name a colour.', chosen: 'Blue', rejected: 'Loud' },
    { prompt: 'Name a fruit.', chosen: 'Apple', rejected: 'Chair' },
  ],
  'trl-conversational': [
    {
      prompt: [{ role: 'user', content: 'Name a colour.' }],
      chosen: [{ role: 'assistant', content: 'Blue' }],
      rejected: [{ role: 'assistant', content: 'Loud' }],
    },
    {
      prompt: [{ role: 'user', content: 'Name a fruit.' }],
      chosen: [{ role: 'assistant', content: 'Apple' }],
      rejected: [{ role: 'assistant', content: 'Chair' }],
    },
  ],
  'trl-implicit': [
    { chosen: conversation('Name a colour.', 'Blue'), rejected: conversation('Name a colour.', 'Loud') },
    { chosen: conversation('Name a fruit.', 'Apple'), rejected: conversation('Name a fruit.', 'Chair') },
  ],
};

describe('Parquet rows equal their JSON Lines twins', () => {
  for (const [shape, rows] of Object.entries(SHAPES)) {
    it(`${shape}: the same values, the same format, the same items`, async () => {
      const parquet = at(`${shape}.parquet`);
      writeParquet(parquet, rows, { rowGroupSize: 1 });
      const fromParquet = await collect(readParquetRows(parquet));
      const fromJson = await collect(readJsonLines(fs.createReadStream(jsonLinesFile(`${shape}.jsonl`, rows))));
      expect(valuesOf(fromParquet)).toEqual(rows);
      expect(valuesOf(fromParquet)).toEqual(valuesOf(fromJson));
      const a = parsed(fromParquet);
      const b = parsed(fromJson);
      expect(a.errors).toEqual([]);
      expect(a.format).toBe(b.format);
      expect(a.items).toEqual(b.items);
      expect(a.items.length).toBeGreaterThan(0);
    });
  }

  it('reads a file of many row groups one group at a time, with 1-based row numbers', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ prompt: `Q${i}`, chosen: `A${i}`, rejected: `B${i}` }));
    const file = at('groups.parquet');
    writeParquet(file, rows, { rowGroupSize: 4 });
    const read = await collect(readParquetRows(file));
    expect(read.map((r) => r.line)).toEqual(rows.map((_, i) => i + 1));
    expect(valuesOf(read)).toEqual(rows);
  });

  it('maps 64-bit integers exactly: numbers while exact, decimal strings beyond 2^53', () => {
    expect(toJsonValue({ small: 42n, big: 9007199254740993n, neg: -9007199254740993n })).toEqual({
      small: 42,
      big: '9007199254740993',
      neg: '-9007199254740993',
    });
    expect(
      toJsonValue({
        when: new Date('2026-01-02T03:04:05Z'),
        nan: Number.NaN,
        list: [1, null],
        bytes: new TextEncoder().encode('text'),
        absent: null,
      }),
    ).toEqual({
      when: '2026-01-02T03:04:05.000Z',
      list: [1, null],
      bytes: 'text',
    });
    expect(toJsonValue(Uint8Array.from([0xff, 0xfe]))).toBe('//4=');
  });

  it('refuses a file that is not Parquet with a row error, not a crash', async () => {
    const file = at('broken.parquet');
    fs.writeFileSync(file, 'PAR1 this is not parquet PAR1');
    const rows = await collect(readParquetRows(file));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ line: 1, error: { line: 1, path: '' } });
    expect('error' in rows[0]! && rows[0].error.message).toMatch(/^Not a readable Parquet file/);
  });
});

const trl = (split: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ prompt: `${split} question ${i}`, chosen: `good ${i}`, rejected: `bad ${i}` }));

describe('Hugging Face dataset folders', () => {
  const root = path.join(dir, 'dataset');
  const train = trl('train', 5);
  const test = trl('test', 3);
  writeParquet(at('dataset', 'data', 'train-00000-of-00002.parquet'), train.slice(0, 3), { rowGroupSize: 2 });
  writeParquet(at('dataset', 'data', 'train-00001-of-00002.parquet'), train.slice(3));
  fs.writeFileSync(at('dataset', 'data', 'test-00000-of-00001.jsonl'), `${test.map((r) => JSON.stringify(r)).join('\n')}\n`);
  fs.writeFileSync(
    at('dataset', 'README.md'),
    [
      '---',
      'license: mit',
      'configs:',
      '- config_name: default',
      '  data_files:',
      '  - split: train',
      '    path: data/train-*',
      '  - split: test',
      '    path: "data/test-*"',
      '---',
      '# A dataset',
      '',
    ].join('\n'),
  );

  it('imports each split the card declares, Parquet and JSON Lines shards alike, each row with its split', async () => {
    const source = await datasetFolderSource(root);
    expect(source.container).toBe('folder');
    expect(source.totalRows).toBeNull(); // a JSON Lines shard is not counted in advance
    const rows = await collect(source.rows());
    expect(valuesOf(rows)).toEqual([...train, ...test]);
    expect(rows.map((r) => ('split' in r ? r.split : null))).toEqual([...train.map(() => 'train'), ...test.map(() => 'test')]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(source.locate(4)).toEqual({ file: 'data/train-00001-of-00002.parquet', line: 1, split: 'train' });
    expect(source.locate(8)).toEqual({ file: 'data/test-00000-of-00001.jsonl', line: 3, split: 'test' });
  });

  it('infers splits from file names when the card declares no configs, and refuses an unknown config', async () => {
    const bare = path.join(dir, 'bare');
    writeParquet(at('bare', 'data', 'validation-00000.parquet'), trl('v', 2));
    writeParquet(at('bare', 'data', 'train-00000.parquet'), trl('t', 1));
    const { shards } = await findDatasetShards(bare);
    expect(shards.map((s) => [s.relative, s.split])).toEqual([
      ['data/train-00000.parquet', 'train'],
      ['data/validation-00000.parquet', 'validation'],
    ]);
    await expect(findDatasetShards(root, 'nope')).rejects.toThrow('README.md has no config "nope"; it declares "default"');
  });

  it('a zip of the folder (wrapped in one top folder) reads the same as the folder; entries climbing out are refused', async () => {
    const zipFile = at('dataset.zip');
    const zip = new yazl.ZipFile();
    for (const relative of [
      'README.md',
      'data/train-00000-of-00002.parquet',
      'data/train-00001-of-00002.parquet',
      'data/test-00000-of-00001.jsonl',
    ]) {
      zip.addFile(path.join(root, relative), `my-dataset/${relative}`);
    }
    zip.end();
    await new Promise<void>((resolve, reject) =>
      zip.outputStream.pipe(fs.createWriteStream(zipFile)).on('close', resolve).on('error', reject),
    );
    const opened = await openRowSource({ path: zipFile, maxZipBytes: 10 * 1024 * 1024 });
    let extracted: RowSource;
    try {
      extracted = opened.source;
      expect(valuesOf(await collect(extracted.rows()))).toEqual([...train, ...test]);
      expect(extracted.locate(6)).toEqual({ file: 'data/test-00000-of-00001.jsonl', line: 1, split: 'test' });
    } finally {
      await opened.close();
    }
    await expect(openRowSource({ path: zipFile, maxZipBytes: 100 })).rejects.toThrow('The zip holds more than 0 MiB once extracted');

    const evil = at('evil.zip');
    const bad = new yazl.ZipFile();
    bad.addBuffer(Buffer.from('{}\n'), 'ok.jsonl');
    bad.end();
    const bytes = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      bad.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
    });
    // Same length as "ok.jsonl", so the archive stays well-formed: only the name climbs out.
    fs.writeFileSync(evil, Buffer.from(bytes.toString('latin1').replaceAll('ok.jsonl', '../x.jso'), 'latin1'));
    await expect(openRowSource({ path: evil, maxZipBytes: 1024 })).rejects.toThrow(/zip/);
    expect(fs.existsSync(path.join(os.tmpdir(), 'x.jso'))).toBe(false);
  });

  it('tells containers by their bytes: Parquet, zip, else JSON Lines', async () => {
    const parquet = at('named.jsonl'); // a misleading name
    writeParquet(parquet, SHAPES['trl-standard']!);
    expect((await openRowSource({ path: parquet, maxZipBytes: 1 })).source.container).toBe('parquet');
    expect((await openRowSource({ path: jsonLinesFile('plain.parquet', [{ a: 1 }]), maxZipBytes: 1 })).source.container).toBe('json-lines');
    expect((await openRowSource({ path: root, maxZipBytes: 1 })).source.container).toBe('folder');
  });
});
