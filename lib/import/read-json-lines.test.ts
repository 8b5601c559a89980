import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, readJsonLines, type JsonLine } from '@/lib/import/read-json-lines';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Reads chunks (text or raw bytes) as a stream would deliver them. */
async function read(...chunks: (string | number[] | Uint8Array)[]): Promise<JsonLine[]> {
  async function* source() {
    for (const c of chunks) yield typeof c === 'string' ? bytes(c) : Uint8Array.from(c);
  }
  const out: JsonLine[] = [];
  for await (const row of readJsonLines(source())) out.push(row);
  return out;
}

const jsonError = (text: string) => {
  try {
    JSON.parse(text);
  } catch (error) {
    return `Invalid JSON: ${(error as Error).message}`;
  }
  throw new Error(`${text} is valid JSON`);
};

describe('readJsonLines', () => {
  it('reads one value per line, the last line without a newline too', async () => {
    expect(await read('{"a":1}\n[2]\n"three"')).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: [2] },
      { line: 3, value: 'three' },
    ]);
  });

  it('accepts a leading BOM and CRLF line ends', async () => {
    expect(await read('\uFEFF{"a":1}\r\n{"b":"x\\r\\n"}\r\n')).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { b: 'x\r\n' } },
    ]);
  });

  it('skips blank lines but keeps counting them', async () => {
    expect(await read('\n{"a":1}\n\n   \r\n{"b":2}\n\n')).toEqual([
      { line: 2, value: { a: 1 } },
      { line: 5, value: { b: 2 } },
    ]);
  });

  it('reports invalid UTF-8 on its line and reads on', async () => {
    expect(await read('{"a":1}\n', [0x7b, 0x22, 0x62, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d, 0x0a], '{"c":3}\n')).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, error: { line: 2, path: '', message: 'Not valid UTF-8 (the file must be UTF-8 encoded)' } },
      { line: 3, value: { c: 3 } },
    ]);
  });

  it('reports invalid JSON with its line', async () => {
    expect(await read('{"a":1}\n{"b": \n{"c":3}\n')).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, error: { line: 2, path: '', message: jsonError('{"b": ') } },
      { line: 3, value: { c: 3 } },
    ]);
  });

  it('joins a line split across chunks, even inside a multi-byte character', async () => {
    const row = bytes('{"city":"Zürich"}}\n');
    const at = row.indexOf(0xc3) + 1; // between the two bytes of "ü"
    expect(await read('{"a":', '1}\n{"b":', row.subarray(0, 3), row.subarray(3, at), row.subarray(at))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { b: { city: 'Zürich' } } },
    ]);
  });

  it('refuses a line longer than the limit without holding it, and reads on', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    const long = Array.from({ length: MAX_LINE_BYTES / chunk.length + 1 }, () => chunk);
    expect(await read('{"a":1}\n', ...long, '\n{"b":2}')).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, error: { line: 2, path: '', message: 'Line is longer than 8 MiB' } },
      { line: 3, value: { b: 2 } },
    ]);
  });
});
