import { getSessionUser } from '@/lib/auth/session';
import { isAppError } from '@/lib/errors';
import { serveSnapshotDownload } from '@/lib/export/serve-snapshot-download';
import { log } from '@/lib/log';
import { getMemberProject } from '@/lib/auth/get-member-project';

export const dynamic = 'force-dynamic';

const text = (status: number, message: string) =>
  new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

/**
 * GET /projects/{projectId}/export/{snapshotId}/download — the Export page's download link: the
 * same bytes and headers as the API download, for a signed-in researcher or lead of the project.
 */
export async function GET(request: Request, context: { params: Promise<{ projectId: string; snapshotId: string }> }) {
  const { projectId, snapshotId } = await context.params;
  try {
    const user = await getSessionUser();
    if (!user) return text(401, 'You are signed out: sign in again, then download the snapshot.');
    const project = await getMemberProject({ user, projectId });
    if (!project || !/^[0-9a-f-]{36}$/i.test(snapshotId)) return text(404, 'No such snapshot');
    if (user.role !== 'ADMIN' && user.role !== 'LEAD' && user.role !== 'RESEARCHER')
      return text(403, 'Only researchers and leads of this project may download snapshots');
    return await serveSnapshotDownload({ request, projectId: project.id, snapshotId, actorId: user.id, via: 'page' });
  } catch (error) {
    if (isAppError(error)) return text(error.status, error.message);
    log.error('snapshot download failed', { error, projectId, snapshotId });
    return text(500, 'Something went wrong on our side. Try again.');
  }
}
