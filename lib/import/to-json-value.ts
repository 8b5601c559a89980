/** A string column's value whose bytes are not UTF-8: the row is refused, naming the column. */
export class InvalidText {}

/**
 * A value read from Parquet (hyparquet) as plain JSON, so every format parser sees what it would
 * see from JSON Lines: 64-bit integers become numbers when exact (else decimal strings, never a
 * rounded number), dates ISO strings, NaN and ±Infinity null (JSON has neither; pandas writes NaN
 * for a missing number), binary that is UTF-8 text a string (else base64), undefined null; keys
 * whose value is null are left out of objects (see below).
 * Lists and structs (e.g. a list of {role, content}) keep their shape. Paths of text that is not
 * UTF-8 are added to `invalid` (the caller refuses the row).
 */
export function toJsonValue(value: unknown, invalid: string[] = [], path = ''): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    case 'object':
      break;
    default:
      return null;
  }
  if (value instanceof InvalidText) {
    invalid.push(path);
    return null;
  }
  if (Array.isArray(value)) return value.map((v, i) => toJsonValue(v, invalid, `${path}[${i}]`));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(value);
    } catch {
      return Buffer.from(value).toString('base64');
    }
  }
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => toJsonValue(v));
  const key = (k: string) => (path ? `${path}.${k}` : k);
  const entries: [string, unknown][] = value instanceof Map ? [...value].map(([k, v]) => [String(k), v]) : Object.entries(value);
  // A Parquet schema gives every row every column (and every struct every field): null there is how
  // "absent" is written, so it is left out, as a JSON Lines row would leave the key out.
  return Object.fromEntries(entries.map(([k, v]) => [k, toJsonValue(v, invalid, key(k))] as const).filter(([, v]) => v !== null));
}
