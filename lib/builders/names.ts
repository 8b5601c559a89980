import { randomBytes } from 'node:crypto';

/**
 * Names for test data: a counter per prefix makes them readable and deterministic within a
 * process ("lead-3"); one tag per process keeps them unique when several processes share a
 * database (Playwright workers, retries, two runs against one server).
 */
const RUN_TAG = randomBytes(3).toString('hex');
const counters = new Map<string, number>();

/** The next number for `prefix` in this process: 1, 2, 3… */
export function nextNumber(prefix: string): number {
  const n = (counters.get(prefix) ?? 0) + 1;
  counters.set(prefix, n);
  return n;
}

/** A unique lowercase name usable as a slug or an email's local part: `${prefix}-${tag}-${n}`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${RUN_TAG}-${nextNumber(prefix)}`;
}

/** This process's tag, for bulk builders that number rows in SQL. */
export function runTag(): string {
  return RUN_TAG;
}
