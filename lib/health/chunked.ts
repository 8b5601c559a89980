const CHUNK_SHIFT = 15;
const CHUNK_ROWS = 1 << CHUNK_SHIFT;
const ROW_MASK = CHUNK_ROWS - 1;

/**
 * A growable table of fixed-width numeric rows in chunks (no copy when it grows, so a million rows
 * never need twice their memory at once). Float32 for features, Int32 for indices.
 */
export class ChunkedRows<A extends Float32Array | Int32Array | Uint8Array> {
  readonly chunks: A[] = [];
  count = 0;
  constructor(
    readonly width: number,
    private readonly make: (length: number) => A,
  ) {}

  push(values: ArrayLike<number>, offset = 0): void {
    const slot = this.count % CHUNK_ROWS;
    if (slot === 0) this.chunks.push(this.make(CHUNK_ROWS * this.width));
    const chunk = this.chunks[this.chunks.length - 1]!;
    const base = slot * this.width;
    for (let k = 0; k < this.width; k++) chunk[base + k] = values[offset + k]!;
    this.count += 1;
  }

  /** Appends a row of width 1. */
  pushOne(value: number): void {
    const slot = this.count & ROW_MASK;
    if (slot === 0) this.chunks.push(this.make(CHUNK_ROWS * this.width));
    this.chunks[this.chunks.length - 1]![slot * this.width] = value;
    this.count += 1;
  }

  /** Column `k` of row `i` (no allocation: read in the fits' inner loops). */
  get(i: number, k = 0): number {
    return this.chunks[i >>> CHUNK_SHIFT]![(i & ROW_MASK) * this.width + k]!;
  }

  /** Every row in order: its chunk, where it starts in it, and its index. */
  forEach(visit: (chunk: A, base: number, i: number) => void): void {
    let i = 0;
    for (const chunk of this.chunks) {
      const rows = Math.min(CHUNK_ROWS, this.count - i);
      for (let r = 0; r < rows; r++, i++) visit(chunk, r * this.width, i);
    }
  }

  get bytes(): number {
    return this.chunks.reduce((s, c) => s + c.byteLength, 0);
  }
}

export const float32Rows = (width: number) => new ChunkedRows(width, (n) => new Float32Array(n));
export const int32Rows = (width: number) => new ChunkedRows(width, (n) => new Int32Array(n));
export const uint8Rows = (width: number) => new ChunkedRows(width, (n) => new Uint8Array(n));
