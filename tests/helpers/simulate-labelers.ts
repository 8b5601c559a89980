/**
 * A seeded simulated labeling run for the dashboard tests: items with a hidden true order of K
 * responses, each judged by `perItem` distinct labelers shown the responses in a random order.
 * honest: ranks by the true order plus Gaussian noise (σ = 1.3 rank steps, so ≈ 80% of pairs
 * agree with the true order); random: a uniformly random order; first-shown: puts the first-shown
 * response first, then the rest like an honest labeler.
 */
import { seededRandom } from '@/lib/stats';

export type SimKind = 'honest' | 'random' | 'first-shown';
export type SimJudgment = { item: number; labeler: number; shownOrder: number[]; ranking: number[][] };

const NOISE = 1.3;

export function simulateLabeling(options: { seed: number; items: number; k: number; perItem: number; labelers: SimKind[] }): SimJudgment[] {
  const random = seededRandom(options.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const shuffle = <T>(values: T[]) => {
    const out = [...values];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const responses = Array.from({ length: options.k }, (_, r) => r);
  const judgments: SimJudgment[] = [];
  for (let item = 0; item < options.items; item++) {
    // Response r's true rank on this item (0 = best).
    const trueRank = shuffle(responses);
    const who = shuffle(options.labelers.map((_, l) => l)).slice(0, options.perItem);
    for (const labeler of who) {
      const shownOrder = shuffle(responses);
      const kind = options.labelers[labeler]!;
      const score = (r: number) => trueRank[r]! + NOISE * gaussian();
      let order: number[];
      if (kind === 'random') order = shuffle(responses);
      else {
        const scores = new Map(responses.map((r) => [r, score(r)]));
        order = [...responses].sort((a, b) => scores.get(a)! - scores.get(b)!);
        if (kind === 'first-shown') order = [shownOrder[0]!, ...order.filter((r) => r !== shownOrder[0])];
      }
      judgments.push({ item, labeler, shownOrder, ranking: order.map((r) => [r]) });
    }
  }
  return judgments;
}
