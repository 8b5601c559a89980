import { createHash } from 'node:crypto';
import { seededRandom } from '@/lib/stats/random';

/** A 32-bit seed from a string (the job and what is shown), the same on every machine. */
export function seedOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/**
 * The order the judge is shown an item's responses in (A, B, C…): the ids sorted, then shuffled
 * (Fisher–Yates) from a seed of the job and the item, so a retry or a second runner shows the same
 * order; `reversed` is the same order backwards (the position-consistency question).
 */
export function judgeShownOrder(options: { jobId: string; itemId: string; responseIds: string[]; reversed: boolean }): string[] {
  const order = [...options.responseIds].sort();
  const random = seededRandom(seedOf(`${options.jobId}:${options.itemId}`));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return options.reversed ? order.reverse() : order;
}

/** Whether a discriminator trial shows the flawed text as A (drawn from the task id: half and half over trials). */
export function flawedShownFirst(taskId: string): boolean {
  return seedOf(`discriminate:${taskId}`) % 2 === 0;
}
