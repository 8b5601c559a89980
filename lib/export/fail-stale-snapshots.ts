import { sql } from 'kysely';
import { typed, withTransaction } from '@/lib/db';

/** A build touches its row at least every batch; one silent this long belongs to an instance that stopped. */
export const STALE_BUILD_SECONDS = 600;

/**
 * Marks BUILDING snapshots whose heartbeat stopped as FAILED and deletes their partial bytes: chunks
 * here, an object or unfinished upload queued for removeSnapshotObjects (in the same transaction).
 */
export async function failStaleSnapshots(): Promise<number> {
  return withTransaction(async (client) => {
    const trx = typed(client);
    const rows = await trx
      .updateTable('export_snapshots')
      .set({
        status: 'FAILED',
        error: 'The build stopped (its app instance ended). Create the snapshot again.',
        finishedAt: sql<Date>`now() AT TIME ZONE 'UTC'`,
      })
      .where('status', '=', 'BUILDING')
      .where('heartbeatAt', '<', sql<Date>`(now() AT TIME ZONE 'UTC') - make_interval(secs => ${STALE_BUILD_SECONDS})`)
      .returning(['id', 'objectBucket', 'objectKey'])
      .execute();
    if (rows.length === 0) return 0;
    await trx
      .deleteFrom('export_snapshot_chunks')
      .where('snapshotId', '=', sql<string>`ANY(${rows.map((r) => r.id)}::uuid[])`)
      .execute();
    const objects = rows.flatMap((r) => (r.objectBucket && r.objectKey ? [{ bucket: r.objectBucket, key: r.objectKey }] : []));
    if (objects.length > 0)
      await trx
        .insertInto('snapshot_object_removals')
        .values(objects)
        .onConflict((oc) => oc.doNothing())
        .execute();
    return rows.length;
  });
}
