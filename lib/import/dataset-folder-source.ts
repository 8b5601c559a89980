import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import { AppError } from '@/lib/errors';
import { jsonLinesSource } from '@/lib/import/json-lines-source';
import { readParquetRows, countParquetRows } from '@/lib/import/parquet-source';
import { hashFiles, type RowSource, type SourceRow } from '@/lib/import/row-source';

/** One data file of a split. */
export type Shard = { split: string; file: string; relative: string; kind: 'parquet' | 'json-lines'; bytes: number };

const DATA_FILE = /\.(parquet|jsonl|ndjson|json)$/i;
/** Split names Hugging Face infers from file and folder names when the card declares none. */
const KNOWN_SPLITS: Record<string, string> = {
  train: 'train',
  training: 'train',
  test: 'test',
  testing: 'test',
  eval: 'test',
  validation: 'validation',
  valid: 'validation',
  val: 'validation',
  dev: 'validation',
};

type DataFiles = string | string[] | { split?: string; path: string | string[] }[];
type CardConfig = { config_name?: string; default?: boolean; data_files?: DataFiles };

/** Every file below `root` (relative, '/'-separated, sorted), skipping hidden folders such as .git and .cache. */
async function listFiles(root: string, under = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.promises.readdir(path.join(root, under), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const relative = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, relative)));
    else if (entry.isFile()) out.push(relative);
  }
  return out;
}

/** The YAML front matter of a dataset card (README.md), or null when it has none. */
export function readCardFrontMatter(text: string): Record<string, unknown> | null {
  const match = /^(?:\uFEFF)?---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/.exec(text);
  if (!match) return null;
  let parsed: unknown;
  try {
    parsed = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new AppError(
      'INVALID_INPUT',
      `README.md: the YAML front matter cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}

/** The split a file belongs to when the card says nothing: `train-00000-of-00001.parquet`, `test/…`, else train. */
function inferSplit(relative: string): string {
  for (const part of relative.split('/')) {
    const head = part.toLowerCase().split(/[-_.]/)[0] ?? '';
    const split = KNOWN_SPLITS[head];
    if (split) return split;
  }
  return 'train';
}

/** [split, patterns] pairs of one config's data_files, in the card's order. */
function patternsOf(dataFiles: DataFiles): [string, string[]][] {
  if (typeof dataFiles === 'string') return [['train', [dataFiles]]];
  if (dataFiles.every((d) => typeof d === 'string')) return [['train', dataFiles as string[]]];
  return (dataFiles as { split?: string; path: string | string[] }[]).map((d) => [
    String(d.split ?? 'train'),
    typeof d.path === 'string' ? [d.path] : d.path.map(String),
  ]);
}

/**
 * The shards of a Hugging Face dataset folder, by split: the README.md front matter's `configs`
 * (the one named by `config`, else the one marked `default`, else the one named "default", else
 * the first), each `data_files` entry's glob patterns matched against the folder's files; without
 * configs, every data file with its split inferred from its name, as the Hub does.
 */
export async function findDatasetShards(root: string, config?: string): Promise<{ config: string | null; shards: Shard[] }> {
  const files = (await listFiles(root)).filter((f) => DATA_FILE.test(f));
  const readme = path.join(root, 'README.md');
  const card = fs.existsSync(readme) ? readCardFrontMatter(await fs.promises.readFile(readme, 'utf8')) : null;
  const configs = Array.isArray(card?.configs) ? (card.configs as CardConfig[]) : [];
  if (config !== undefined && !configs.some((c) => c.config_name === config)) {
    throw new AppError(
      'INVALID_INPUT',
      configs.length
        ? `README.md has no config "${config}"; it declares ${configs.map((c) => `"${c.config_name}"`).join(', ')}`
        : `README.md declares no configs, so config "${config}" cannot be chosen`,
    );
  }
  const chosen =
    configs.find((c) => c.config_name === config) ??
    configs.find((c) => c.default === true) ??
    configs.find((c) => c.config_name === 'default') ??
    configs[0];
  const picked: { split: string; relative: string }[] = [];
  if (chosen?.data_files !== undefined) {
    for (const [split, patterns] of patternsOf(chosen.data_files)) {
      const matches = files.filter((f) => patterns.some((p) => picomatch.isMatch(f, p.replace(/^\.\//, ''), { dot: false })));
      if (matches.length === 0)
        throw new AppError(
          'INVALID_INPUT',
          `README.md: no data file matches ${patterns.map((p) => `"${p}"`).join(', ')} (split "${split}")`,
        );
      for (const relative of matches) picked.push({ split, relative });
    }
  } else {
    for (const relative of files) picked.push({ split: inferSplit(relative), relative });
  }
  if (picked.length === 0) throw new AppError('INVALID_INPUT', 'The folder has no data files (.parquet, .jsonl or .json)');
  const shards: Shard[] = [];
  for (const { split, relative } of picked) {
    const file = path.join(root, relative);
    shards.push({
      split,
      file,
      relative,
      kind: /\.parquet$/i.test(relative) ? 'parquet' : 'json-lines',
      bytes: (await fs.promises.stat(file)).size,
    });
  }
  return { config: chosen?.config_name ?? null, shards };
}

/**
 * A dataset folder as one row source: its shards one after the other (the card's split order),
 * row numbers running on across shards so each row's number is unique in the import; `locate`
 * turns one back into the shard and its line there, and every row carries its split.
 */
export async function datasetFolderSource(root: string, config?: string): Promise<RowSource> {
  const { shards } = await findDatasetShards(root, config);
  const parquetRows = await Promise.all(
    shards.map((s) => (s.kind === 'parquet' ? countParquetRows(s.file).catch(() => null) : Promise.resolve(null))),
  );
  // Where each shard's numbering starts, learnt on the first pass (the second reads the same files).
  const starts: { first: number; shard: Shard }[] = [];
  return {
    container: 'folder',
    totalRows: parquetRows.every((n) => n !== null) ? parquetRows.reduce<number>((a, n) => a + (n ?? 0), 0) : null,
    totalBytes: shards.reduce((n, s) => n + s.bytes, 0),
    async *rows(progress) {
      let offset = 0;
      for (const [index, shard] of shards.entries()) {
        if (starts.length === index) starts.push({ first: offset, shard });
        let last = offset;
        const rows: AsyncIterable<SourceRow> =
          shard.kind === 'parquet'
            ? readParquetRows(shard.file, {
                firstLine: offset,
                split: shard.split,
                ...(progress ? { bytes: (n: number) => progress.bytes(n) } : {}),
              })
            : jsonLinesSource(() => fs.createReadStream(shard.file)).rows(progress);
        for await (const row of rows) {
          if (shard.kind === 'parquet') {
            last = row.line;
            yield row;
            continue;
          }
          const line = row.line + offset;
          last = line;
          yield 'error' in row ? { line, error: { ...row.error, line } } : { line, value: row.value, split: shard.split };
        }
        offset = last;
      }
    },
    fingerprint: () => hashFiles(shards.map((s) => s.file)),
    locate(line) {
      const at = [...starts].reverse().find((s) => s.first < line);
      return at ? { file: at.shard.relative, line: line - at.first, split: at.shard.split } : { line };
    },
  };
}
