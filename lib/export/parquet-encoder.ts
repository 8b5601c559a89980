import type { SchemaField } from '@/lib/export/format-schema';
import type { ShardEncoder, ShardRow } from '@/lib/export/shard-encoder';
import { PARQUET_ROW_GROUP, writeParquet } from '@/lib/export/write-parquet';

/**
 * Parquet shards (hyparquet-writer through writeParquet: Snappy, typed by the format's schema,
 * row groups of 2,000). The shard writer pushes rows; writeParquet pulls them: each open shard
 * runs one writeParquet over a small queue. `write()` waits while more than one row group of rows
 * is queued (backpressure: what the export holds stays about two row groups per shard), `end()`
 * closes the queue and waits for the file's footer. `buffered()` is the JSON length of the rows
 * handed in but not yet written out as a row group, an estimate of the bytes still to come (the
 * shard writer rolls over by it; Parquet is smaller than JSON Lines, so shards stay under the
 * limit). An empty shard is a valid zero-row file.
 */
export function parquetEncoder(fields: SchemaField[], options: { rowGroupSize?: number } = {}): ShardEncoder {
  const rowGroupSize = options.rowGroupSize ?? PARQUET_ROW_GROUP;
  return {
    ext: 'parquet',
    mediaType: 'application/vnd.apache.parquet',
    builder: 'parquet',
    open(_split, out) {
      const queue: ShardRow[] = [];
      let closed = false;
      let failed: { error: unknown } | null = null;
      /** JSON characters handed in, and those already pulled when the last row group went out. */
      let pushedChars = 0;
      let pulledChars = 0;
      let writtenChars = 0;
      let wakeReader: (() => void) | null = null;
      let wakeWriter: (() => void) | null = null;
      const wake = (which: 'reader' | 'writer') => {
        const resolve = which === 'reader' ? wakeReader : wakeWriter;
        if (which === 'reader') wakeReader = null;
        else wakeWriter = null;
        resolve?.();
      };

      async function* rows(): AsyncGenerator<Record<string, unknown>> {
        for (;;) {
          const row = queue.shift();
          if (row) {
            pulledChars += row.line.length + 1;
            if (queue.length <= rowGroupSize) wake('writer');
            yield row.value();
          } else if (closed) {
            return;
          } else {
            await new Promise<void>((resolve) => (wakeReader = resolve));
          }
        }
      }

      const file = writeParquet({
        fields,
        rows: rows(),
        rowGroupSize,
        write: async (bytes) => {
          // writeParquet hands a row group on once it is encoded, before it pulls the next row.
          writtenChars = pulledChars;
          await out(bytes);
        },
      }).then(
        () => undefined,
        (error: unknown) => {
          failed = { error };
          wake('writer');
        },
      );

      const check = () => {
        if (failed) throw failed.error;
      };

      return {
        async write(batch) {
          check();
          for (const row of batch) {
            queue.push(row);
            pushedChars += row.line.length + 1;
          }
          wake('reader');
          while (queue.length > rowGroupSize && !failed) await new Promise<void>((resolve) => (wakeWriter = resolve));
          check();
        },
        buffered: () => pushedChars - writtenChars,
        async end() {
          closed = true;
          wake('reader');
          await file;
          check();
        },
      };
    },
  };
}
