/**
 * A row of a pairwise logistic model, sparse: `length` (index, value) entries of the difference
 * between the two sides' covariates, oriented so the row's outcome is "the first side won".
 */
export type RowVisitor = (index: ArrayLike<number>, value: ArrayLike<number>, length: number) => void;

export type LogisticFit = { weights: Float64Array; iterations: number; converged: boolean; loss: number };

/**
 * L2-regularised pairwise logistic regression (a Bradley–Terry model on covariates):
 * minimises Σ log(1 + exp(−w·xᵢ)) + (λ/2)|w|² over rows xᵢ that all "won", with no intercept (the
 * side order carries no information). Newton's method with a backtracking line search, from w = 0:
 * deterministic, a handful of passes over the rows, each O(nnz²) per row plus an O(d³) solve.
 * `forEachRow` is called once per pass and must hand every row to its visitor.
 */
export function fitLogistic(options: {
  dimension: number;
  forEachRow: (visit: RowVisitor) => void;
  lambda: number;
  maxIterations?: number;
  tolerance?: number;
}): LogisticFit {
  const { dimension: d, forEachRow, lambda } = options;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  let w = new Float64Array(d);
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);

  const lossAt = (weights: Float64Array) => {
    let loss = 0;
    forEachRow((index, value, length) => {
      let z = 0;
      for (let k = 0; k < length; k++) z += weights[index[k]!]! * value[k]!;
      loss += softplus(-z);
    });
    let norm = 0;
    for (let j = 0; j < d; j++) norm += weights[j]! * weights[j]!;
    return loss + (lambda / 2) * norm;
  };

  let loss = lossAt(w);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations += 1;
    gradient.fill(0);
    hessian.fill(0);
    forEachRow((index, value, length) => {
      let z = 0;
      for (let k = 0; k < length; k++) z += w[index[k]!]! * value[k]!;
      const p = sigmoid(z);
      const g = 1 - p; // −∂/∂z of softplus(−z)
      const h = p * (1 - p);
      // The Hessian is symmetric: one triangle here (each (a, b) once, into the cell of the larger index), mirrored below.
      for (let a = 0; a < length; a++) {
        const ia = index[a]!;
        const hva = h * value[a]!;
        gradient[ia]! -= g * value[a]!;
        for (let b = 0; b <= a; b++) {
          const ib = index[b]!;
          hessian[ia >= ib ? ia * d + ib : ib * d + ia]! += hva * value[b]!;
        }
      }
    });
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) hessian[j * d + i] = hessian[i * d + j]!;
    for (let j = 0; j < d; j++) {
      gradient[j]! += lambda * w[j]!;
      hessian[j * d + j]! += lambda;
    }
    const step = solveSymmetric(hessian, gradient, d);
    // Backtracking: halve the Newton step until the penalised loss goes down.
    let t = 1;
    let next = new Float64Array(d);
    let nextLoss = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < d; j++) next[j] = w[j]! - t * step[j]!;
      nextLoss = lossAt(next);
      if (nextLoss <= loss) break;
      t /= 2;
    }
    if (!(nextLoss <= loss)) {
      converged = true; // no descent left at machine precision
      break;
    }
    let change = 0;
    for (let j = 0; j < d; j++) change = Math.max(change, Math.abs(next[j]! - w[j]!));
    [w, next] = [next, w];
    const improvement = loss - nextLoss;
    loss = nextLoss;
    if (change < tolerance || improvement <= tolerance * Math.max(1, Math.abs(loss))) {
      converged = true;
      break;
    }
  }
  return { weights: w, iterations, converged, loss };
}

export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Solves A x = b for a symmetric positive definite A (row-major d×d) by Cholesky; A and b are left unchanged. */
export function solveSymmetric(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) l[i * d + i] = Math.sqrt(Math.max(s, 1e-300));
      else l[i * d + j] = s / l[j * d + j]!;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * d + k]! * y[k]!;
    y[i] = s / l[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= l[k * d + i]! * x[k]!;
    x[i] = s / l[i * d + i]!;
  }
  return x;
}
