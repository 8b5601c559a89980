import { buildExportSnapshot } from '@/lib/export/build-export-snapshot';
import { createExportSnapshot } from '@/lib/export/create-export-snapshot';
import { ZExportRequest } from '@/lib/export/schemas';

/** An export snapshot created and built as the export page does (the request is parsed as a user's would be); returns its manifest. */
export async function buildSnapshot(options: {
  projectId: string;
  actorId: string | null;
  request: Record<string, unknown>;
  chunkSize?: number;
}) {
  const { id } = await createExportSnapshot({
    projectId: options.projectId,
    actorId: options.actorId,
    request: ZExportRequest.parse(options.request),
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
  });
  return buildExportSnapshot({ snapshotId: id });
}
