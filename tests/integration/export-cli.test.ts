/**
 * `npm run cli -- export` as a real child process against this file's database: the folder holds
 * the snapshot's files (and a .zip the download's bytes), the manifest summary is printed, bad
 * options exit 2 naming the flag, and an export of zero rows is a valid empty folder with its card.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../helpers/database-per-file';
import { addItem, download, judge, makeExportProject, unzip } from '../helpers/export-fixture';
import { getDb } from '@/lib/db';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function cli(...args: string[]) {
  const result = spawnSync(TSX, ['scripts/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each test runs the CLI as child processes (tsx transpiles its import graph on start: seconds on a
// busy 2-core machine), so the file gets more than the suite's 30 s per test.
describe('cli export', { timeout: 120_000 }, () => {
  it('writes the snapshot’s bytes to the file and prints the manifest; refuses bad options; leaves out and counts conversations in "pairs" without a template', async () => {
    const f = await makeExportProject({ items: 3 });
    for (const item of f.items) for (const l of f.labelers) await judge(item, l.id, [0, 1, 2, [3]]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-cli-export-'));
    try {
      const out = path.join(dir, 'pairs');
      const card = path.join(dir, 'README.md');
      const run = cli(
        'export',
        '--project',
        f.project.slug,
        '--format',
        'pairs',
        '--out',
        out,
        '--mode',
        'consensus',
        '--ties',
        'keep',
        '--min-votes',
        '2',
        '--validation-share',
        '0.5',
        '--card',
        card,
      );
      expect(run.stderr).not.toMatch(/error/i);
      expect(run.code).toBe(0);
      const snapshot = await getDb().exportSnapshot.findFirstOrThrow({
        where: { projectId: f.project.id },
        select: { id: true, sha256: true, rowCount: true, createdById: true, options: true, manifest: true },
      });
      expect(snapshot).toMatchObject({
        rowCount: 18,
        createdById: null,
        options: { mode: 'consensus', ties: 'keep', min_votes: 2, validation_share: 0.5 },
      });
      // The folder is the zip's files, byte for byte.
      const zipped = await unzip((await download(f.project.id, snapshot.id, null)).bytes);
      expect(zipped.map((z) => z.path)).toEqual([
        'data/train-00000-of-00001.jsonl',
        'data/validation-00000-of-00001.jsonl',
        'README.md',
        'manifest.json',
      ]);
      for (const z of zipped) expect(fs.readFileSync(path.join(out, z.path)).equals(z.bytes), z.path).toBe(true);
      const lines = zipped.slice(0, 2).flatMap((z) => z.bytes.toString('utf8').split('\n').filter(Boolean));
      expect(lines).toHaveLength(18);
      expect(run.stdout).toContain(`snapshot ${snapshot.id} (pairs, schema 2) written to ${out}`);
      expect(run.stdout).toMatch(/^rows 18 \(train \d+, validation \d+\) from 3 items, 9 judgments$/m);
      expect(run.stdout).toContain(`sha256 ${snapshot.sha256}`);
      expect(run.stdout).toMatch(/^ {2}data\/train-00000-of-00001\.jsonl: \d+ rows, \d+ bytes, sha256 [0-9a-f]{64}$/m);
      expect(fs.readFileSync(card, 'utf8')).toContain('- Rows: 18');
      expect(fs.readFileSync(card, 'utf8')).toBe(fs.readFileSync(path.join(out, 'README.md'), 'utf8'));

      // --out x.zip writes the download's bytes.
      const zip = path.join(dir, 'pairs.zip');
      expect(cli('export', '--project', f.project.slug, '--format', 'pairs', '--out', zip).code).toBe(0);
      const second = await getDb().exportSnapshot.findFirstOrThrow({
        where: { projectId: f.project.id },
        orderBy: { createdAt: 'desc' },
        select: { sha256: true },
      });
      expect(createHash('sha256').update(fs.readFileSync(zip)).digest('hex')).toBe(second.sha256);

      const bad = cli('export', '--project', f.project.slug, '--format', 'pairs', '--out', out, '--min-votes', 'zero');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--min-votes: must be a number');

      const chat = await addItem(f.project.id, 'chat', [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ]);
      await judge(chat, f.labelers[0]!.id, [0, 1, 2, 3]);
      const bare = cli(
        'export',
        '--project',
        f.project.slug,
        '--format',
        'pairs',
        '--prompt-template',
        'none',
        '--margin',
        'votes',
        '--split-by',
        'first_turn',
        '--out',
        path.join(dir, 'x'),
      );
      expect(bare.stderr).not.toMatch(/error/i);
      expect(bare.code).toBe(0);
      const last = await getDb().exportSnapshot.findFirstOrThrow({
        where: { projectId: f.project.id },
        orderBy: { createdAt: 'desc' },
        select: { manifest: true, options: true },
      });
      expect(last.options).toMatchObject({ prompt_template: 'none', margin: 'votes', split_by: 'first_turn' });
      expect(last.manifest).toMatchObject({ skipped: { multi_turn: 1, no_margin: 0 } });
      expect(
        fs.readFileSync(path.join(dir, 'x', 'data/train-00000-of-00001.jsonl'), 'utf8') +
          fs.readFileSync(path.join(dir, 'x', 'data/validation-00000-of-00001.jsonl'), 'utf8'),
      ).toContain('"margin":1.0,');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a valid empty folder, card and manifest for an export of zero rows (exit 0)', async () => {
    const f = await makeExportProject({ items: 2 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-cli-empty-'));
    try {
      const out = path.join(dir, 'empty');
      const run = cli('export', '--project', f.project.slug, '--format', 'pairs', '--out', out);
      expect(run.stderr).not.toMatch(/error|Cannot read/i);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^rows 0 \(train 0, validation 0\) from 0 items, 0 judgments$/m);
      expect(fs.readFileSync(path.join(out, 'data/train-00000-of-00001.jsonl'))).toHaveLength(0);
      expect(fs.readFileSync(path.join(out, 'data/validation-00000-of-00001.jsonl'))).toHaveLength(0);
      expect(fs.readFileSync(path.join(out, 'README.md'), 'utf8')).toContain('This snapshot holds no rows');
      expect(JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'))).toMatchObject({ rows: 0, container: 'zip' });
      const zip = cli('export', '--project', f.project.slug, '--format', 'raw', '--out', path.join(dir, 'empty.zip'));
      expect(zip.code).toBe(0);
      expect((await unzip(fs.readFileSync(path.join(dir, 'empty.zip')))).map((z) => z.path)).toContain('README.md');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
