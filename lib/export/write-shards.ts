import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ShardEncoder, ShardFileWriter, ShardRow } from '@/lib/export/shard-encoder';
import { SPLITS, type Split } from '@/lib/export/types';

/** One written data file of the export, named as the Hugging Face Hub names shards. */
export type ShardFile = {
  /** Path inside the dataset folder: data/<split>-<index>-of-<count>.<ext>. */
  path: string;
  split: Split;
  rows: number;
  bytes: number;
  sha256: string;
  /** Where the bytes wait until the folder is zipped. */
  tempPath: string;
};

/** A new shard starts once the current one holds this many bytes (the Hub's `push_to_hub` default, 500 MB). */
export const MAX_SHARD_BYTES = 500_000_000;

type OpenShard = { writer: ShardFileWriter; file: FileHandle; tempPath: string; rows: number; bytes: number; hash: Hash };

const shardName = (split: Split, index: number, count: number, ext: string) =>
  `data/${split}-${String(index).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.${ext}`;

/**
 * The data files of an export: one writer per split, rows appended as they come (train and
 * validation interleave), each shard in its own temporary file under `dir`, rolled over at
 * `maxShardBytes`. `finish` ends them, gives every split at least one (possibly empty) shard and
 * names them once the count is known.
 */
export function createShardSet(options: { encoder: ShardEncoder; dir: string; maxShardBytes?: number }) {
  const { encoder, dir } = options;
  const maxBytes = options.maxShardBytes ?? MAX_SHARD_BYTES;
  const current: Partial<Record<Split, OpenShard>> = {};
  const done: Record<Split, Omit<ShardFile, 'path'>[]> = { train: [], validation: [] };
  let opened = 0;

  const start = async (split: Split): Promise<OpenShard> => {
    const tempPath = path.join(dir, `${split}-${opened++}.${encoder.ext}`);
    const file = await open(tempPath, 'wx');
    const shard: OpenShard = { writer: null as unknown as ShardFileWriter, file, tempPath, rows: 0, bytes: 0, hash: createHash('sha256') };
    shard.writer = encoder.open(split, async (bytes) => {
      shard.hash.update(bytes);
      shard.bytes += bytes.length;
      await file.write(bytes);
    });
    return (current[split] = shard);
  };

  const close = async (split: Split) => {
    const shard = current[split];
    if (!shard) return;
    delete current[split];
    await shard.writer.end();
    await shard.file.close();
    done[split].push({ split, rows: shard.rows, bytes: shard.bytes, sha256: shard.hash.digest('hex'), tempPath: shard.tempPath });
  };

  return {
    /** Appends rows of one split. */
    async write(split: Split, rows: readonly ShardRow[]): Promise<void> {
      if (rows.length === 0) return;
      const shard = current[split] ?? (await start(split));
      await shard.writer.write(rows);
      shard.rows += rows.length;
      if (shard.bytes + shard.writer.buffered() >= maxBytes) await close(split);
    },
    /** Ends every shard; train's files first, then validation's, each split's in order. */
    async finish(): Promise<ShardFile[]> {
      const files: ShardFile[] = [];
      for (const split of SPLITS) {
        await close(split);
        if (done[split].length === 0) {
          await start(split);
          await close(split);
        }
        const shards = done[split];
        shards.forEach((s, i) => files.push({ ...s, path: shardName(split, i, shards.length, encoder.ext) }));
      }
      return files;
    },
    /** Closes open files after a failure (the caller removes `dir`). */
    async abort(): Promise<void> {
      for (const split of SPLITS) await current[split]?.file.close().catch(() => undefined);
    },
  };
}

export type ShardSet = ReturnType<typeof createShardSet>;
