import type { SnapshotSummary } from '@/lib/export/find-export-snapshots';
import { snapshotDownloadPath } from '@/lib/webhooks/enqueue-snapshot-webhook';

/** A snapshot as the HTTP API shows it (snake_case, like the manifest). */
export function snapshotJson(projectId: string, s: SnapshotSummary & { manifest?: unknown; datasetCard?: string | null }) {
  const self = `/api/v1/projects/${projectId}/snapshots/${s.id}`;
  return {
    id: s.id,
    format: s.format,
    status: s.status.toLowerCase(),
    options: s.options,
    rows: s.rowCount,
    splits: s.splitCounts,
    bytes: s.byteSize,
    sha256: s.sha256,
    error: s.error,
    progress: { items_done: s.itemsDone, items_total: s.itemsTotal },
    schema_version: s.schemaVersion,
    app_version: s.appVersion,
    created_by: s.createdBy,
    created_at: s.createdAt.toISOString(),
    finished_at: s.finishedAt?.toISOString() ?? null,
    ...(s.manifest !== undefined ? { manifest: s.manifest, dataset_card: s.datasetCard ?? null } : {}),
    links: { self, download: s.status === 'READY' ? snapshotDownloadPath(projectId, s.id) : null },
  };
}
