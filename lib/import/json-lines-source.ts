import { readJsonLines } from '@/lib/import/read-json-lines';
import type { RowSource, SourceRow } from '@/lib/import/row-source';

/** JSON Lines bytes as a row source; `open` gives the bytes from the start, once per pass. */
export function jsonLinesSource(open: () => AsyncIterable<Uint8Array>, totalBytes = 0): RowSource {
  return {
    container: 'json-lines',
    totalRows: null,
    totalBytes,
    rows(progress) {
      async function* counted() {
        for await (const chunk of open()) {
          progress?.bytes(chunk.length);
          progress?.chunk?.(chunk);
          yield chunk;
        }
      }
      return readJsonLines(counted()) as AsyncIterable<SourceRow>;
    },
    locate: (line) => ({ line }),
  };
}
