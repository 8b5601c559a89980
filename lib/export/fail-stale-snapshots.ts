import { sql } from 'kysely';
import { getSql } from '@/lib/db';

/** A build touches its row at least every batch; one silent this long belongs to an instance that stopped. */
export const STALE_BUILD_SECONDS = 600;

/** Marks BUILDING snapshots whose heartbeat stopped as FAILED and deletes their partial bytes. */
export async function failStaleSnapshots(): Promise<number> {
  const db = getSql();
  const rows = await db
    .updateTable('export_snapshots')
    .set({
      status: 'FAILED',
      error: 'The build stopped (its app instance ended). Create the snapshot again.',
      finishedAt: sql<Date>`now() AT TIME ZONE 'UTC'`,
    })
    .where('status', '=', 'BUILDING')
    .where('heartbeatAt', '<', sql<Date>`(now() AT TIME ZONE 'UTC') - make_interval(secs => ${STALE_BUILD_SECONDS})`)
    .returning('id')
    .execute();
  if (rows.length > 0)
    await db
      .deleteFrom('export_snapshot_chunks')
      .where('snapshotId', '=', sql<string>`ANY(${rows.map((r) => r.id)}::uuid[])`)
      .execute();
  return rows.length;
}
