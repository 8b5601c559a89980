const CHUNK_ROWS = 1 << 15;

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

  /** The chunk holding row `i` and the row's start in it. */
  at(i: number): { chunk: A; base: number } {
    return { chunk: this.chunks[Math.floor(i / CHUNK_ROWS)]!, base: (i % CHUNK_ROWS) * this.width };
  }

  get bytes(): number {
    return this.chunks.reduce((s, c) => s + c.byteLength, 0);
  }
}

export const float32Rows = (width: number) => new ChunkedRows(width, (n) => new Float32Array(n));
export const int32Rows = (width: number) => new ChunkedRows(width, (n) => new Int32Array(n));
export const uint8Rows = (width: number) => new ChunkedRows(width, (n) => new Uint8Array(n));
