import { getDb } from '@/lib/db';

const SNAPSHOT_SELECT = {
  id: true,
  format: true,
  options: true,
  status: true,
  itemsDone: true,
  itemsTotal: true,
  rowCount: true,
  splitCounts: true,
  sha256: true,
  byteSize: true,
  error: true,
  schemaVersion: true,
  appVersion: true,
  createdAt: true,
  finishedAt: true,
  createdById: true,
  createdBy: { select: { id: true, name: true } },
} as const;

export type SnapshotSummary = Awaited<ReturnType<typeof findExportSnapshots>>[number];

/** A project's snapshots, newest first, without their bytes, manifest or card. */
export async function findExportSnapshots(options: { projectId: string; take?: number }) {
  const rows = await getDb().exportSnapshot.findMany({
    where: { projectId: options.projectId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.take ?? 100,
    select: SNAPSHOT_SELECT,
  });
  return rows.map((r) => ({ ...r, byteSize: Number(r.byteSize), splitCounts: r.splitCounts as { train?: number; validation?: number } }));
}

/** One snapshot of the project with its manifest and dataset card; null when there is none. */
export async function getExportSnapshot(options: { projectId: string; snapshotId: string }) {
  const row = await getDb().exportSnapshot.findFirst({
    where: { id: options.snapshotId, projectId: options.projectId },
    select: { ...SNAPSHOT_SELECT, manifest: true, datasetCard: true },
  });
  return row ? { ...row, byteSize: Number(row.byteSize), splitCounts: row.splitCounts as { train?: number; validation?: number } } : null;
}
