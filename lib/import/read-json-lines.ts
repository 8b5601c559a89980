import type { RowError } from '@/lib/import/types';

export type JsonLine = { line: number; value: unknown } | { line: number; error: RowError };

/** Longest line accepted: bounds memory whatever the file holds (9 responses × 200,000 characters fit). */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into JSON Lines rows without holding the file: strict UTF-8 (a leading
 * BOM is accepted, invalid bytes are an error naming the line), CRLF accepted, blank lines
 * skipped. Yields each row's value or the reason it is unreadable (not JSON, or not storable:
 * lib/validation/find-unstorable-value.ts), with its 1-based line.
 */
export async function* readJsonLines(source: AsyncIterable<Uint8Array>): AsyncGenerator<JsonLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  // Lines after the first keep a leading U+FEFF as text. A decode without `stream` ends its own state, so one decoder serves every line.
  const later = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let oversized = false;
  let line = 0;

  const emit = (bytes: Uint8Array): JsonLine | null => {
    line += 1;
    if (oversized) {
      oversized = false;
      return { line, error: { line, path: '', message: `Line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB` } };
    }
    let text: string;
    try {
      // The first line's decoder strips a BOM at its start.
      text = line === 1 ? decoder.decode(bytes) : later.decode(bytes);
    } catch {
      return { line, error: { line, path: '', message: 'Not valid UTF-8 (the file must be UTF-8 encoded)' } };
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { line, error: { line, path: '', message: `Invalid JSON: ${reason}` } };
    }
    // The storable-input rule (NUL, unpaired surrogates, depth, 1e400) runs in import-file.ts's pass, for every container.
    return { line, value };
  };

  const take = (end: Uint8Array): Uint8Array => {
    if (pending.length === 0) return end;
    const out = new Uint8Array(pendingBytes + end.length);
    let at = 0;
    for (const part of pending) {
      out.set(part, at);
      at += part.length;
    }
    out.set(end, at);
    pending = [];
    pendingBytes = 0;
    return out;
  };

  for await (const chunk of source) {
    let start = 0;
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, start)) {
      const row = emit(oversized ? new Uint8Array() : take(chunk.subarray(start, i)));
      if (row) yield row;
      start = i + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0 && !oversized) {
      if (pendingBytes + rest.length > MAX_LINE_BYTES) {
        oversized = true;
        pending = [];
        pendingBytes = 0;
      } else {
        pending.push(rest.slice());
        pendingBytes += rest.length;
      }
    }
  }
  if (pendingBytes > 0 || oversized) {
    const row = emit(oversized ? new Uint8Array() : take(new Uint8Array()));
    if (row) yield row;
  }
}
