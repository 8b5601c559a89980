import { randomInt } from 'node:crypto';
import type { PoolClient } from 'pg';
import { typed } from '@/lib/db';

type OrderCounts = { yesFirst: number; noFirst: number };

/**
 * The order of the two answers to "would you have noticed it without the critiques?" for the
 * labeler's next trial that asks it (issue 18): true = "yes" shown first. Balanced per labeler in
 * blocks of two: when they have seen one order more often, the other; when both equally, a fair
 * coin. So their two orders never differ by more than one, and neither is the default.
 *
 * With `within` (the counts of the trial's stratum: the finds the analysis compares, or the rest),
 * the stratum is balanced first and the labeler's overall counts break its ties, so both the
 * stratum and the whole differ by at most one (a tie in both is the only coin): the analysis's
 * yes-first and no-first groups stay balanced even though only part of the asked trials reach it.
 */
export function nextNoticedOrder(counts: OrderCounts, coin: () => boolean = () => randomInt(2) === 1, within?: OrderCounts): boolean {
  for (const c of within ? [within, counts] : [counts]) {
    if (c.yesFirst > c.noFirst) return false;
    if (c.noFirst > c.yesFirst) return true;
  }
  return coin();
}

/**
 * Draws the order for a trial of this labeler (call under the labeler's claim lock), from the
 * orders of their trials already asked: balanced within the trial's stratum — a find the analysis
 * compares (a flawed text whose planted flaw was found) or not — then overall.
 */
export async function drawNoticedOrder(
  client: PoolClient,
  options: { projectId: string; userId: string; find: boolean },
): Promise<boolean> {
  const row = await typed(client)
    .selectFrom('detect_trials')
    .select((eb) => {
      const isFind = eb.and([eb('variant', '=', 'FLAWED'), eb('foundIntended', 'is', true)]); // IS TRUE: never null, so every trial is in one stratum
      const inStratum = options.find ? isFind : eb.not(isFind);
      return [
        eb.cast<number>(eb.fn.countAll().filterWhere('noticedYesFirst', '=', true), 'integer').as('yesFirst'),
        eb.cast<number>(eb.fn.countAll().filterWhere('noticedYesFirst', '=', false), 'integer').as('noFirst'),
        eb
          .cast<number>(eb.fn.countAll().filterWhere(eb.and([eb('noticedYesFirst', '=', true), inStratum])), 'integer')
          .as('stratumYesFirst'),
        eb
          .cast<number>(eb.fn.countAll().filterWhere(eb.and([eb('noticedYesFirst', '=', false), inStratum])), 'integer')
          .as('stratumNoFirst'),
      ];
    })
    .where('projectId', '=', options.projectId)
    .where('userId', '=', options.userId)
    .executeTakeFirst();
  if (!row) return nextNoticedOrder({ yesFirst: 0, noFirst: 0 });
  return nextNoticedOrder({ yesFirst: row.yesFirst, noFirst: row.noFirst }, undefined, {
    yesFirst: row.stratumYesFirst,
    noFirst: row.stratumNoFirst,
  });
}
