/** Why `ranking` is not a weak order over exactly `responseIds` (each once, none missing or foreign), or null. */
export function checkRanking(ranking: string[][], responseIds: string[]): string | null {
  const flat = ranking.flat();
  const known = new Set(responseIds);
  const foreign = flat.filter((id) => !known.has(id));
  if (foreign.length) return `The ranking names responses that are not in this task: ${foreign.join(', ')}`;
  const repeated = flat.filter((id, i) => flat.indexOf(id) !== i);
  if (repeated.length) return `A response is ranked more than once: ${[...new Set(repeated)].join(', ')}`;
  const missing = responseIds.filter((id) => !flat.includes(id));
  if (missing.length) return `Every response must be ranked; missing ${missing.length}`;
  return null;
}
