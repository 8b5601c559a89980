/**
 * Writes JSON rows as a Parquet file with hyparquet-writer (an independent writer: the importer
 * reads with hyparquet), typed as pyarrow and the Hugging Face `datasets` library type them:
 * strings UTF8, integers INT64, other numbers DOUBLE, booleans, structs as groups and lists as
 * 3-level LISTs, so a conversation is list<struct<role: string, content: string>>.
 */
import fs from 'node:fs';
import { ByteWriter, fileWriter, ParquetWriter, parquetWrite } from 'hyparquet-writer';

type SchemaElement = { name: string; type?: string; converted_type?: string; repetition_type?: string; num_children?: number };

function schemaOf(name: string, sample: unknown, repetition = 'OPTIONAL'): SchemaElement[] {
  if (Array.isArray(sample)) {
    const element = sample.find((v) => v !== null && v !== undefined) ?? '';
    return [
      { name, repetition_type: repetition, converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      ...schemaOf('element', element),
    ];
  }
  if (typeof sample === 'object' && sample !== null) {
    const entries = Object.entries(sample);
    return [{ name, repetition_type: repetition, num_children: entries.length }, ...entries.flatMap(([k, v]) => schemaOf(k, v))];
  }
  if (typeof sample === 'number')
    return [
      Number.isInteger(sample)
        ? { name, type: 'INT64', repetition_type: repetition }
        : { name, type: 'DOUBLE', repetition_type: repetition },
    ];
  if (typeof sample === 'boolean') return [{ name, type: 'BOOLEAN', repetition_type: repetition }];
  return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: repetition }];
}

/** Integers of INT64 columns as bigint, as the writer wants them (recursively); absent keys as null. */
function convert(value: unknown, sample: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    const element = Array.isArray(sample) ? sample.find((v) => v !== null && v !== undefined) : undefined;
    return value.map((v) => convert(v, element));
  }
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, (sample as Record<string, unknown> | undefined)?.[k])]));
  if (typeof value === 'number' && typeof sample === 'number' && Number.isInteger(sample)) return BigInt(value);
  return value;
}

/** The rows (objects with the same keys) as a Parquet file of `rowGroupSize`-row groups. */
export function writeParquet(file: string, rows: Record<string, unknown>[], options: { rowGroupSize?: number } = {}): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const samples = Object.fromEntries(columns.map((c) => [c, rows.map((r) => r[c]).find((v) => v !== null && v !== undefined)]));
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.flatMap((c) => schemaOf(c, samples[c]))];
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    schema: schema as never,
    columnData: columns.map((c) => ({ name: c, data: rows.map((r) => convert(r[c], samples[c])) as never })),
    rowGroupSize: options.rowGroupSize ?? 1000,
  });
  fs.writeFileSync(file, new Uint8Array(writer.getBuffer()));
}

/**
 * A Parquet file written in batches (one row group each), for files too large to hold: the schema
 * comes from `sample` (rows of the same shape as every batch).
 */
export function openParquetWriter(file: string, sample: Record<string, unknown>) {
  const columns = Object.keys(sample);
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.flatMap((c) => schemaOf(c, sample[c]))];
  const writer = new ParquetWriter({ writer: fileWriter(file), schema: schema as never });
  return {
    write(rows: Record<string, unknown>[]) {
      return writer.write({
        columnData: columns.map((c) => ({ name: c, data: rows.map((r) => convert(r[c], sample[c])) as never })),
        rowGroupSize: rows.length,
      });
    },
    finish: () => writer.finish(),
  };
}
