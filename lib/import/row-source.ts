import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { RowError } from '@/lib/import/types';

/**
 * One row as the parsers see it: a plain JSON value (objects, arrays, strings, finite numbers,
 * booleans, null) whatever the container was, or why the row could not be read. `line` is unique
 * in the whole import (row numbers run on across the shards of a dataset folder); `split` is the
 * dataset split the row belongs to (dataset folders only).
 */
export type SourceRow = { line: number; value: unknown; split?: string } | { line: number; error: RowError };

/** How rows reach the format parsers, whatever they came in: JSON Lines, Parquet or a dataset folder. */
export type RowSource = {
  container: 'json-lines' | 'parquet' | 'folder';
  /** Rows in the source when known before reading (Parquet metadata); null for JSON Lines. */
  totalRows: number | null;
  /** Bytes the source reads in one pass (progress estimates). */
  totalBytes: number;
  /** Reads the rows from the start; called once per pass, so nothing is held between passes. JSON Lines sources also hand each raw chunk to `chunk`. */
  rows(progress?: { bytes(n: number): void; chunk?(data: Uint8Array): void }): AsyncIterable<SourceRow>;
  /** sha256 of the bytes (every shard's, for folders): the file's key for its pseudonymous labelers. JSON Lines sources have none: the caller hashes the chunks as they pass. */
  fingerprint?: () => Promise<string>;
  /** Where a row is for people: the shard it is in, its line there and its split (folders), else the line itself. */
  locate(line: number): RowPlace;
};

/** A row's place for people: `file` and `split` only for dataset folders. */
export type RowPlace = { file?: string; line: number; split?: string };

/** A RowError with the shard it is in (dataset folders). */
export type PlacedRowError = RowError & { file?: string };

/** sha256 of the files' bytes, in order (one file: its own hash). */
export async function hashFiles(files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) await pipeline(fs.createReadStream(file), hash, { end: false });
  return hash.digest('hex');
}

/** A RowError moved to where the row is for people (shard and line within it). */
export function placeError(source: Pick<RowSource, 'locate'>, error: RowError): PlacedRowError {
  const place = source.locate(error.line);
  return place.file === undefined ? { ...error, line: place.line } : { ...error, line: place.line, file: place.file };
}
