import { runExportApiRoute } from '@/lib/export/run-export-api-route';
import { serveSnapshotDownload } from '@/lib/export/serve-snapshot-download';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/projects/{projectId}/snapshots/{snapshotId}/download — the snapshot's zip (a Hugging
 * Face dataset folder, JSON Lines or Parquet data files), or one file of it with ?file=<path>, streamed,
 * with Content-Length, ETag = "<sha256>", Range (206) and If-None-Match (304). 409 until ready.
 * Bytes in object storage: the same, or a 302 to a presigned URL with SNAPSHOT_DOWNLOAD=presigned (after this route's authorization).
 */
export async function GET(request: Request, context: { params: Promise<{ projectId: string; snapshotId: string }> }) {
  const { projectId, snapshotId } = await context.params;
  return runExportApiRoute({
    request,
    projectId,
    ids: [snapshotId],
    handle: (actor) => serveSnapshotDownload({ request, projectId, snapshotId, actorId: actor.userId, via: 'api' }),
  });
}
