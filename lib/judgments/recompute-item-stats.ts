import type { PoolClient } from 'pg';
import { recomputeStats } from '@/lib/judgments/recompute-stats';

/**
 * Recomputes one item's dashboard numbers inside the caller's transaction (the item row is
 * locked until it commits). submitRanking calls it just before COMMIT, so a judgment and the
 * numbers that include it become visible together.
 */
export async function recomputeItemStats(client: PoolClient, itemId: string): Promise<void> {
  await recomputeStats(client, [itemId]);
}
