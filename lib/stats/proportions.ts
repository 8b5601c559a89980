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

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials[i] = logFactorials[i - 1]! + Math.log(i);
  return logFactorials[n]!;
}
