/** A ranking as people write it, best first: "2 > 1 = 3 > 4" from tie groups of response ids. */
export function rankingText(ranking: string[][], nameOf: (responseId: string) => string): string {
  return ranking.map((group) => group.map(nameOf).join(' = ')).join(' > ');
}

/** Each response's place in a ranking (1 = best; tied responses share a place). */
export function placesOf(ranking: string[][]): Map<string, number> {
  return new Map(ranking.flatMap((group, i) => group.map((id) => [id, i + 1] as const)));
}
