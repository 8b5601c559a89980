/**
 * A dashboard figure without the moment its cached intervals were computed: the background
 * refresh recomputes them whenever the data changed and back, so two reads of the same figures
 * may differ in `intervals.asOf` only.
 */
export function sansIntervalTime<T extends { intervals: object }>(figure: T) {
  return { ...figure, intervals: { ...figure.intervals, asOf: null } };
}
