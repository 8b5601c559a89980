import type { Interval } from '@/lib/dashboard/types';

/** The dashboard's number formats, shared by tables, chart tooltips and the e2e test. NaN reads as "—". */
export const DASH = '—';

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** 0.7263 → "72.6%". */
export function formatPercent(rate: number | null | undefined, digits = 1): string {
  return finite(rate) ? `${(rate * 100).toFixed(digits)}%` : DASH;
}

/** A coefficient such as alpha or W: 0.4567 → "0.457". */
export function formatCoefficient(value: number | null | undefined): string {
  return finite(value) ? value.toFixed(3) : DASH;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en');
}

/** An estimate with its 95% interval: "72.6% (95% CI 70.1–75.0%)". */
export function formatInterval(interval: Interval, kind: 'percent' | 'coefficient' | 'rating'): string {
  const one = (v: number) =>
    kind === 'percent' ? formatPercent(v) : kind === 'rating' ? (finite(v) ? Math.round(v).toString() : DASH) : formatCoefficient(v);
  if (!finite(interval.estimate)) return DASH;
  if (!finite(interval.low) || !finite(interval.high)) return `${one(interval.estimate)} (no interval)`;
  return `${one(interval.estimate)} (95% CI ${one(interval.low)} to ${one(interval.high)})`;
}

/** A p-value as text: "p = 0.012", "p = 3.2e-9". */
export function formatP(p: number): string {
  if (!finite(p)) return 'p not available';
  if (p === 0) return 'p < 1e-300';
  return p >= 0.001 ? `p = ${p.toFixed(3)}` : `p = ${p.toExponential(1)}`;
}

/** Days as people say them: "0.4 days", "12 days". */
export function formatDays(days: number | null): string {
  if (!finite(days)) return DASH;
  return days < 10 ? `${days.toFixed(1)} days` : `${formatCount(days)} days`;
}

/** A histogram bin of W: "0.3–0.4". */
export function binLabel(bin: { from: number; to: number }): string {
  return `${bin.from.toFixed(1)}–${bin.to.toFixed(1)}`;
}
