import { recomputeStats } from '@/lib/judgments/recompute-stats';
import { getPgPool, typed, withTransaction } from '@/lib/db';

// Items whose numbers may be out of date: flagged by a trigger (import, gold edit, plain SQL), or
// computed while a labeler on them had another exclusion state than now (an exclusion racing a
// submit, or a recompute cut short).
const OUT_OF_DATE = `
(SELECT "itemId" FROM item_stats WHERE "projectId" = $1 AND stale LIMIT $2)
UNION
(SELECT js."itemId" FROM memberships m
 CROSS JOIN LATERAL (
   SELECT "itemId" FROM judgment_stats js
   WHERE js."projectId" = m."projectId" AND js."userId" = m."userId" AND js."userExcluded" = NOT m.excluded LIMIT $2) js
 WHERE m."projectId" = $1 LIMIT $2)`;

/**
 * Brings the project's precomputed numbers up to date before a dashboard read: recomputes the
 * out-of-date items in batches, one transaction each, under a per-project advisory lock so
 * parallel widgets do the work once. With `all`, recomputes every judged item (backfill). Returns
 * how many items were recomputed; a read with nothing to do costs two index lookups.
 */
export async function refreshProjectStats(options: { projectId: string; all?: boolean; batchSize?: number }): Promise<number> {
  const { projectId, all = false, batchSize = 500 } = options;
  if (!all) {
    const { rows } = await getPgPool().query(`${OUT_OF_DATE} LIMIT 1`, [projectId, 1]);
    if (rows.length === 0) return 0;
  }
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  const seen = new Set<string>();
  for (;;) {
    const batch = await withTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(7, hashtext($1))', [projectId]);
      const rows = all
        ? await typed(client)
            .selectFrom('item_stats')
            .select('itemId')
            .where('projectId', '=', projectId)
            .where('itemId', '>', after)
            .orderBy('itemId')
            .limit(batchSize)
            .execute()
        : (await client.query<{ itemId: string }>(OUT_OF_DATE, [projectId, batchSize])).rows;
      const ids = rows.map((r) => r.itemId);
      await recomputeStats(client, ids);
      return ids;
    });
    // A batch of items already done in this call means someone keeps changing them: leave them to the next read.
    if (batch.length === 0 || batch.every((id) => seen.has(id))) return done;
    batch.forEach((id) => seen.add(id));
    done += batch.length;
    after = batch.reduce((max, id) => (id > max ? id : max), after);
  }
}
