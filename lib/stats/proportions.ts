import type { Interval } from '@/lib/stats/bootstrap';

/** The Wilson score interval for a proportion (default 95%). NaN bounds when n = 0. */
export function wilsonInterval(successes: number, n: number, z = 1.959963984540054): Interval {
  if (n === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** One-sided exact binomial test: P(X ≥ successes) for X ~ Binomial(n, p). */
export function binomialTestGreater(successes: number, n: number, p: number): number {
  if (successes <= 0) return 1;
  if (successes > n) return 0;
  // Sum the upper tail in log space so large n neither overflows nor underflows early.
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let total = 0;
  for (let k = successes; k <= n; k++) total += Math.exp(logChoose(n, k) + k * logP + (n - k) * logQ);
  return Math.min(1, total);
}

/** One-sided exact binomial test: P(X ≤ successes) for X ~ Binomial(n, p). */
export function binomialTestLess(successes: number, n: number, p: number): number {
  if (successes >= n) return 1;
  if (successes < 0) return 0;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let total = 0;
  for (let k = 0; k <= successes; k++) total += Math.exp(logChoose(n, k) + k * logP + (n - k) * logQ);
  return Math.min(1, total);
}

/** The standard normal distribution function Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a standard normal statistic: 2·(1 − Φ(|z|)); NaN for NaN. */
export function normalTestTwoSided(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

// Complementary error function (Numerical Recipes' erfcc, Chebyshev fit): relative error < 1.2e-7
// everywhere, so small p-values keep their digits instead of vanishing in 1 − Φ.
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials[i] = logFactorials[i - 1]! + Math.log(i);
  return logFactorials[n]!;
}
