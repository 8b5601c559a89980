/**
 * The lowest duration (ms) in bin `bin` of dash_duration_bin (the rollups migration): 128 ms bins
 * below 2,048 ms, then 16 bins per doubling named by the top five bits (bins 16–31 unused). Integers
 * only, so this agrees with the SQL exactly.
 */
export function durationBinLow(bin: number): number {
  if (bin < 16) return bin * 128;
  const length = Math.floor(bin / 16) + 10;
  return (16 + (bin % 16)) * 2 ** (length - 5);
}
