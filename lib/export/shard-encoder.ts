import type { Split } from '@/lib/export/types';

/** One exported row: its JSON Lines text (without the newline) and, for encoders that need it, its value. */
export type ShardRow = {
  /** JSON.stringify of the row: what JSON Lines writes. */
  line: string;
  /** The row as a value; the JSON Lines encoder never calls it, a columnar encoder (Parquet) does. */
  value: () => Record<string, unknown>;
};

/** Receives a shard's bytes in order; awaiting it is the backpressure. */
export type ShardOutput = (bytes: Buffer) => Promise<void>;

/** Writes the rows of one shard file (one split, or part of one) through its output. */
export interface ShardFileWriter {
  /** Rows in export order; called any number of times, with any number of rows. */
  write(rows: readonly ShardRow[]): Promise<void>;
  /** About how many bytes it holds that it has not handed to its output yet: the shard writer starts a new shard by written + buffered bytes. */
  buffered(): number;
  /** Writes what is still buffered (a Parquet row group and footer). Called once, also for a shard with no rows. */
  end(): Promise<void>;
}

/**
 * An output encoding of the export's files, chosen by its extension. The shard writer
 * (lib/export/write-shards.ts) opens one ShardFileWriter per shard of each split and names the
 * file `data/<split>-<index>-of-<count>.<ext>`; the encoder only turns rows into bytes.
 * An empty shard must still be a valid file of its type (an empty JSON Lines file is 0 bytes).
 */
export interface ShardEncoder {
  readonly ext: 'jsonl' | 'parquet';
  /** The Content-Type a single shard is served with. */
  readonly mediaType: string;
  /** The `datasets` builder that reads it (the dataset card's loader snippet). */
  readonly builder: 'json' | 'parquet';
  open(split: Split, out: ShardOutput): ShardFileWriter;
}

/** JSON Lines: one row per line, UTF-8, each line ends with "\n"; rows are handed on in pieces of about 64 KiB. */
export const jsonLinesEncoder: ShardEncoder = {
  ext: 'jsonl',
  mediaType: 'application/jsonl; charset=utf-8',
  builder: 'json',
  open(_split, out) {
    let parts: string[] = [];
    let pending = 0;
    const flush = async () => {
      if (parts.length === 0) return;
      const bytes = Buffer.from(parts.join(''), 'utf8');
      parts = [];
      pending = 0;
      await out(bytes);
    };
    return {
      async write(rows) {
        for (const row of rows) {
          parts.push(row.line, '\n');
          pending += row.line.length + 1;
        }
        if (pending >= 1 << 16) await flush();
      },
      buffered: () => pending,
      end: flush,
    };
  },
};
