/**
 * `file_format: parquet` end to end against a real PostgreSQL: the snapshot's zip holds one
 * Parquet file per split whose rows, read with an independent reader (parquet-wasm into Apache
 * Arrow JS), equal the JSON Lines snapshot's rows; the card's data_files and loader name the
 * Parquet files; a zero-row export is zero-row Parquet files; the HTTP API takes the same key and
 * `npm run cli -- export --file-format parquet --out DIR` writes the .parquet files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { testDatabaseUrl } from '../helpers/database-per-file';
import { download, judge, makeExportProject, snapshot, type Fixture } from '../helpers/export-fixture';

// next/server's after() needs a Next request scope: run the callback at once and let tests await it.
const background: Promise<unknown>[] = [];
vi.mock('next/server', () => ({ after: (task: () => unknown) => void background.push(Promise.resolve().then(task)) }));

const { POST: create } = await import('@/app/api/v1/projects/[projectId]/snapshots/route');
const { getDb } = await import('@/lib/db');
const { createApiToken } = await import('@/lib/tokens/create-api-token');
const { ZCreateApiToken } = await import('@/lib/tokens/schemas');

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const PARQUET_FILES = ['data/train-00000-of-00001.parquet', 'data/validation-00000-of-00001.parquet', 'README.md', 'manifest.json'];

const read = (bytes: Uint8Array): Table => tableFromIPC(readParquet(bytes).intoIPCStream());
/** Arrow rows as plain JSON values (int64 arrive as bigint). */
const plain = (table: Table) =>
  JSON.parse(JSON.stringify(table.toArray(), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as unknown[];
const frontMatter = (card: string) =>
  parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]!) as { configs?: { data_files: { split: string; path: string }[] }[] };
const cardOf = (files: { path: string; bytes: Buffer }[]) => files.find((x) => x.path === 'README.md')!.bytes.toString('utf8');

let f: Fixture;
beforeAll(async () => {
  f = await makeExportProject({ items: 6 });
  for (const item of f.items) for (const l of f.labelers) await judge(item, l.id, [0, 1, [2, 3]], { likert: [7, 5, 3, 3] });
});

describe('file_format parquet', () => {
  it.each([
    ['rankings', {}],
    ['pairs-chat', { margin: 'votes', ties: 'keep' }],
  ] as const)(
    '%s: one Parquet file per split holding exactly the JSON Lines snapshot’s rows; the card points at them',
    async (format, options) => {
      const request = { format, validation_share: 0.5, ...options };
      const jsonl = await snapshot(f.project.id, null, request);
      const parquet = await snapshot(f.project.id, null, { ...request, file_format: 'parquet' });
      expect(jsonl.options.file_format).toBe('jsonl');
      expect(parquet.options.file_format).toBe('parquet');
      expect(parquet.schema).toEqual(jsonl.schema);

      const asJsonl = await download(f.project.id, jsonl.snapshot_id, null);
      const asParquet = await download(f.project.id, parquet.snapshot_id, null);
      expect(asParquet.files.map((x) => x.path)).toEqual(PARQUET_FILES);
      for (const split of ['train', 'validation'] as const) {
        const want = asJsonl.rows.filter((r) => r.split === split);
        const file = asParquet.files.find((x) => x.path === `data/${split}-00000-of-00001.parquet`)!;
        const table = read(file.bytes);
        expect(want.length).toBeGreaterThan(0);
        expect(table.numRows).toBe(want.length);
        expect(parquet.splits[split]).toBe(want.length);
        expect(plain(table)).toEqual(JSON.parse(JSON.stringify(want)));
        // The manifest describes the stored bytes.
        expect(parquet.files.find((x) => x.path === file.path)).toMatchObject({ rows: want.length, bytes: file.bytes.length });
      }

      const card = cardOf(asParquet.files);
      expect(frontMatter(card).configs![0]!.data_files).toEqual([
        { split: 'train', path: 'data/train-*.parquet' },
        { split: 'validation', path: 'data/validation-*.parquet' },
      ]);
      expect(card).toContain(
        'load_dataset("parquet", data_files={"train": "data/train-*.parquet", "validation": "data/validation-*.parquet"})',
      );
      expect(card).toContain('| data file format (jsonl or parquet) (`file_format`) | parquet |');
      expect(frontMatter(cardOf(asJsonl.files)).configs![0]!.data_files[0]!.path).toBe('data/train-*.jsonl');

      // One file of the folder is served as Parquet.
      const one = await download(f.project.id, parquet.snapshot_id, null, {}, 'data/train-00000-of-00001.parquet');
      expect(one.response.headers.get('content-type')).toBe('application/vnd.apache.parquet');
      expect(read(one.bytes).numRows).toBe(parquet.splits.train);
    },
  );

  it('writes a zero-row export as zero-row Parquet files with the format’s columns', async () => {
    const empty = await snapshot(f.project.id, null, { format: 'pairs', file_format: 'parquet', from: '2020-01-01', to: '2020-01-02' });
    expect(empty.rows).toBe(0);
    const { files } = await download(f.project.id, empty.snapshot_id, null);
    expect(files.map((x) => x.path)).toEqual(PARQUET_FILES);
    for (const file of files.slice(0, 2)) {
      const table = read(file.bytes);
      expect(table.numRows).toBe(0);
      expect(table.schema.fields.map((x) => x.name)).toEqual(empty.schema.map((x) => x.name));
    }
    expect(cardOf(files)).toContain('its data files are Parquet files of zero rows, which still declare the columns');
  });

  it('is taken by the HTTP API under the same key, and refused when unknown', async () => {
    const input = ZCreateApiToken.parse({ userId: f.researcher.id, name: 'test', scopes: ['export'] });
    const { token } = await createApiToken({ actorId: f.researcher.id, input });
    const post = (body: unknown) =>
      create(
        new Request(`http://app.test/api/v1/projects/${f.project.id}/snapshots`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        {
          params: Promise.resolve({ projectId: f.project.id }),
        },
      );
    const response = await post({ format: 'rankings', file_format: 'parquet', validation_share: 0.5 });
    expect(response.status).toBe(202);
    const { snapshot: created } = await response.json();
    expect(created.options.file_format).toBe('parquet');
    await Promise.all(background.splice(0));
    const { files } = await download(f.project.id, created.id, null);
    expect(files.map((x) => x.path)).toEqual(PARQUET_FILES);
    const bad = await post({ format: 'rankings', file_format: 'csv' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('file_format must be jsonl or parquet');
  });

  it('cli export --file-format parquet --out DIR writes the .parquet files of the snapshot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-cli-parquet-'));
    try {
      const out = path.join(dir, 'rankings');
      const run = spawnSync(
        TSX,
        [
          'scripts/cli.ts',
          'export',
          '--project',
          f.project.slug,
          '--format',
          'rankings',
          '--validation-share',
          '0.5',
          '--file-format',
          'parquet',
          '--out',
          out,
        ],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: testDatabaseUrl, LOG_LEVEL: 'warn' },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(run.stderr).not.toMatch(/error/i);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^ {2}data\/train-00000-of-00001\.parquet: \d+ rows, \d+ bytes, sha256 [0-9a-f]{64}$/m);
      const stored = await getDb().exportSnapshot.findFirstOrThrow({
        where: { projectId: f.project.id },
        orderBy: { createdAt: 'desc' },
        select: { id: true, options: true },
      });
      expect(stored.options).toMatchObject({ file_format: 'parquet' });
      const { files } = await download(f.project.id, stored.id, null);
      expect(files.map((x) => x.path)).toEqual(PARQUET_FILES);
      for (const file of files) expect(fs.readFileSync(path.join(out, file.path)).equals(file.bytes), file.path).toBe(true);
      const rows = files.slice(0, 2).reduce((n, file) => n + read(fs.readFileSync(path.join(out, file.path))).numRows, 0);
      expect(rows).toBe(6);

      const bad = spawnSync(
        TSX,
        ['scripts/cli.ts', 'export', '--project', f.project.slug, '--format', 'rankings', '--file-format', 'csv', '--out', out],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: testDatabaseUrl, LOG_LEVEL: 'warn' },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--file-format: file_format must be jsonl or parquet');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
