/** What a neutral (0) step becomes in a boolean-per-step export: correct (true) or incorrect (false). */
export type NeutralAs = 'true' | 'false';

/**
 * TRL stepwise-supervision labels of rated steps: +1 → true, −1 → false, 0 → the neutral rule.
 * One boolean per rated step, in order (steps not rated — after a first error — have none).
 */
export function stepwiseLabels(ratings: readonly number[], neutralAs: NeutralAs): boolean[] {
  return ratings.map((r) => (r === 0 ? neutralAs === 'true' : r > 0));
}

/**
 * The consensus ratings of one response across labelers, step by step from the first: each step
 * takes the rating most labelers who rated it gave; at the first step without one (a tie for the
 * most votes, or nobody rated it) the consensus stops, so the rows keep a gap-free prefix of steps.
 */
export function consensusRatings(labelings: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  const longest = Math.max(0, ...labelings.map((l) => l.length));
  for (let step = 0; step < longest; step++) {
    const votes = new Map<number, number>();
    for (const l of labelings) {
      const r = l[step];
      if (r !== undefined) votes.set(r, (votes.get(r) ?? 0) + 1);
    }
    const sorted = [...votes.entries()].sort((a, b) => b[1] - a[1]);
    const [best, second] = sorted;
    if (!best || (second && second[1] === best[1])) break;
    out.push(best[0]);
  }
  return out;
}
