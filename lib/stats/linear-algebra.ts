/**
 * Solves A·x = b for a square, row-major A (n×n) by Gaussian elimination with partial pivoting.
 * Small systems only (Newton steps, Fisher information of a dozen models). A and b are not changed.
 * Throws a RangeError on a singular matrix.
 */
export function solveLinear(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const n = b.length;
  const m = Float64Array.from(a as ArrayLike<number>);
  const x = Float64Array.from(b as ArrayLike<number>);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    const p = m[pivot * n + col]!;
    if (Math.abs(p) < 1e-300) throw new RangeError('singular matrix');
    if (pivot !== col) {
      for (let c = 0; c < n; c++) [m[col * n + c], m[pivot * n + c]] = [m[pivot * n + c]!, m[col * n + c]!];
      [x[col], x[pivot]] = [x[pivot]!, x[col]!];
    }
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col]! / p;
      if (f === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c]! -= f * m[col * n + c]!;
      x[r]! -= f * x[col]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let c = r + 1; c < n; c++) s -= m[r * n + c]! * x[c]!;
    x[r] = s / m[r * n + r]!;
  }
  return x;
}

/**
 * The Moore–Penrose inverse of a graph Laplacian L (n×n, rows summing to 0, connected graph):
 * (L + J/n)⁻¹ − J/n, J the all-ones matrix. It is the covariance of Bradley–Terry scores that sum
 * to zero when L is their Fisher information.
 */
export function laplacianPseudoInverse(laplacian: ArrayLike<number>, n: number): Float64Array {
  const shifted = Float64Array.from(laplacian as ArrayLike<number>, (v) => v + 1 / n);
  const out = new Float64Array(n * n);
  for (let col = 0; col < n; col++) {
    const e = new Float64Array(n);
    e[col] = 1;
    const x = solveLinear(shifted, e);
    for (let r = 0; r < n; r++) out[r * n + col] = x[r]! - 1 / n;
  }
  return out;
}
