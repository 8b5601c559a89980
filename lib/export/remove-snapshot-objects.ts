import type pg from 'pg';
import { getPgPool } from '@/lib/db';
import { log } from '@/lib/log';
import { getObjectStore } from '@/lib/storage/get-object-store';
import { removeObject } from '@/lib/storage/remove-object';
import { describeStoreError } from '@/lib/storage/store-error';

/** Queues an object of the snapshot store for removal (in the caller's transaction when given a client). */
export async function queueSnapshotObjectRemoval(client: pg.ClientBase | pg.Pool, object: { bucket: string; key: string }): Promise<void> {
  await client.query('INSERT INTO snapshot_object_removals (bucket, key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    object.bucket,
    object.key,
  ]);
}

/**
 * Works off the removal queue (objects of deleted snapshots and failed builds, filled by the
 * export_snapshots delete trigger and the build): deletes each object and aborts the unfinished
 * uploads of its key, then drops its queue row; a removal the store refuses stays queued with the
 * reason, for the next sweep. `keys` limits it to those objects (right after a delete or a failure).
 * Returns how many were removed. Never throws.
 */
export async function removeSnapshotObjects(options: { keys?: string[] } = {}): Promise<number> {
  const store = getObjectStore();
  if (!store) return 0;
  const pool = getPgPool();
  let removed = 0;
  try {
    const { rows } = await pool.query<{ bucket: string; key: string }>(
      `SELECT bucket, key FROM snapshot_object_removals WHERE ($1::text[] IS NULL OR key = ANY($1::text[])) ORDER BY "createdAt" LIMIT 100`,
      [options.keys ?? null],
    );
    for (const row of rows) {
      try {
        await removeObject({ store, bucket: row.bucket, key: row.key });
        await pool.query('DELETE FROM snapshot_object_removals WHERE bucket = $1 AND key = $2', [row.bucket, row.key]);
        removed++;
      } catch (error) {
        log.warn('could not remove a snapshot object; retried by the next sweep', { bucket: row.bucket, key: row.key, error });
        await pool.query('UPDATE snapshot_object_removals SET attempts = attempts + 1, "lastError" = $3 WHERE bucket = $1 AND key = $2', [
          row.bucket,
          row.key,
          describeStoreError(error),
        ]);
      }
    }
  } catch (error) {
    log.error('snapshot object removal failed', { error });
  }
  return removed;
}
