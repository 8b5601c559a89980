import { getPgPool } from '@/lib/db';

/** A build touches its row at least every batch; one silent this long belongs to an instance that stopped. */
export const STALE_BUILD_SECONDS = 600;

/** Marks BUILDING snapshots whose heartbeat stopped as FAILED and deletes their partial bytes. */
export async function failStaleSnapshots(): Promise<number> {
  const pool = getPgPool();
  const { rows } = await pool.query<{ id: string }>(
    `UPDATE export_snapshots SET status = 'FAILED', error = 'The build stopped (its app instance ended). Create the snapshot again.', "finishedAt" = now() AT TIME ZONE 'UTC'
      WHERE status = 'BUILDING' AND "heartbeatAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => $1)
      RETURNING id`,
    [STALE_BUILD_SECONDS],
  );
  if (rows.length > 0) await pool.query('DELETE FROM export_snapshot_chunks WHERE "snapshotId" = ANY($1::uuid[])', [rows.map((r) => r.id)]);
  return rows.length;
}
