/**
 * Without SNAPSHOT_STORE_URL (issue 29) a snapshot's bytes stay PostgreSQL chunks: no object
 * columns, no removal queued on delete, downloads as before.
 */
import { describe, expect, it } from 'vitest';
import { download, judge, makeExportProject, pool, snapshot } from '../helpers/export-fixture';
import { deleteExportSnapshot } from '@/lib/export/delete-export-snapshot';
import { getObjectStore } from '@/lib/storage/get-object-store';

delete process.env.SNAPSHOT_STORE_URL;

describe('snapshot bytes with SNAPSHOT_STORE_URL unset', () => {
  it('stores chunks in PostgreSQL and queues nothing for an object store', async () => {
    expect(getObjectStore()).toBeNull();
    const f = await makeExportProject({ items: 2 });
    for (const item of f.items) await judge(item, f.labelers[0]!.id, [0, 1, 2, 3]);
    const manifest = await snapshot(f.project.id, f.researcher.id, { format: 'pairs' }, 1000);
    const { rows } = await pool().query<{ storage: string; objectKey: string | null; objectEtag: string | null; chunks: number }>(
      `SELECT storage, "objectKey", "objectEtag", (SELECT count(*)::int FROM export_snapshot_chunks c WHERE c."snapshotId" = s.id) AS chunks
         FROM export_snapshots s WHERE id = $1`,
      [manifest.snapshot_id],
    );
    expect(rows[0]).toEqual({ storage: 'database', objectKey: null, objectEtag: null, chunks: Math.ceil(manifest.bytes / 1000) });
    const whole = await download(f.project.id, manifest.snapshot_id, f.researcher.id);
    expect(whole.sha256).toBe(manifest.sha256);
    await deleteExportSnapshot({ actor: f.lead, projectId: f.project.id, snapshotId: manifest.snapshot_id });
    expect((await pool().query('SELECT 1 FROM export_snapshot_chunks WHERE "snapshotId" = $1', [manifest.snapshot_id])).rows).toEqual([]);
    expect((await pool().query('SELECT 1 FROM snapshot_object_removals')).rows).toEqual([]);
  });
});
