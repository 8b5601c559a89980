import type { BootstrapInfo } from '@/lib/dashboard/types';

/** Fixed, so a reload shows the same intervals. */
export const BOOTSTRAP_SEED = 20_261_128;
const MAX_UNITS = 1024;

/**
 * How a bootstrap over `items` items resamples: items one by one up to 1,024 of them, else 1,024
 * fixed groups of items by a hash of the item id (random with respect to the data, so resampling
 * groups estimates the same variance while the cost stays flat). `sql` is the unit key of a row
 * whose item id is in `column`.
 */
export function resamplingUnits(items: number, resamples: number, column = '"itemId"'): { info: BootstrapInfo; sql: string } {
  const grouped = items > MAX_UNITS;
  return {
    info: { resamples, seed: BOOTSTRAP_SEED, units: grouped ? MAX_UNITS : items, grouped },
    sql: grouped ? `(hashtext(${column}::text) & ${MAX_UNITS - 1})::text` : `${column}::text`,
  };
}
