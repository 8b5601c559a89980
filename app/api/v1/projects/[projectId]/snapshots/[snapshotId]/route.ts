import { AppError } from '@/lib/errors';
import { getExportSnapshot } from '@/lib/export/find-export-snapshots';
import { apiJson, runExportApiRoute } from '@/lib/export/run-export-api-route';
import { snapshotJson } from '@/lib/export/snapshot-json';

export const dynamic = 'force-dynamic';

/** GET /api/v1/projects/{projectId}/snapshots/{snapshotId} — status and progress; once ready, the manifest and dataset card. */
export async function GET(request: Request, context: { params: Promise<{ projectId: string; snapshotId: string }> }) {
  const { projectId, snapshotId } = await context.params;
  return runExportApiRoute({
    request,
    projectId,
    ids: [snapshotId],
    handle: async () => {
      const snapshot = await getExportSnapshot({ projectId, snapshotId });
      if (!snapshot) throw new AppError('NOT_FOUND', 'No such snapshot');
      return apiJson(200, { snapshot: snapshotJson(projectId, snapshot) });
    },
  });
}
