import { randomInt } from 'node:crypto';
import type { PoolClient } from 'pg';

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
  const { rows } = await client.query<{ yesFirst: number; noFirst: number }>(
    `SELECT count(*) FILTER (WHERE "noticedYesFirst")::int AS "yesFirst", count(*) FILTER (WHERE NOT "noticedYesFirst")::int AS "noFirst"
     FROM detect_trials WHERE "projectId" = $1 AND "userId" = $2`,
    [options.projectId, options.userId],
  );
  return nextNoticedOrder(rows[0] ?? { yesFirst: 0, noFirst: 0 });
}
