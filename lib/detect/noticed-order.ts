import { randomInt } from 'node:crypto';
import type { PoolClient } from 'pg';
import { typed } from '@/lib/db';

/**
 * The order of the two answers to "would you have noticed it without the critiques?" for the
 * labeler's next trial that asks it (issue 18): true = "yes" shown first. Balanced per labeler in
 * blocks of two: when they have seen one order more often, the other; when both equally, a fair
 * coin. So their two orders never differ by more than one, and neither is the default.
 */
export function nextNoticedOrder(counts: { yesFirst: number; noFirst: number }, coin: () => boolean = () => randomInt(2) === 1): boolean {
  if (counts.yesFirst > counts.noFirst) return false;
  if (counts.noFirst > counts.yesFirst) return true;
  return coin();
}

/** Draws the order for a trial of this labeler, from the orders of their trials already asked (call under the labeler's claim lock). */
export async function drawNoticedOrder(client: PoolClient, options: { projectId: string; userId: string }): Promise<boolean> {
  const counts = await typed(client)
    .selectFrom('detect_trials')
    .select((eb) => [
      eb.cast<number>(eb.fn.countAll().filterWhere('noticedYesFirst', '=', true), 'integer').as('yesFirst'),
      eb.cast<number>(eb.fn.countAll().filterWhere('noticedYesFirst', '=', false), 'integer').as('noFirst'),
    ])
    .where('projectId', '=', options.projectId)
    .where('userId', '=', options.userId)
    .executeTakeFirst();
  return nextNoticedOrder(counts ?? { yesFirst: 0, noFirst: 0 });
}
