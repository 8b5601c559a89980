import { getSessionUser } from '@/lib/auth/session';
import { getImportJob } from '@/lib/import/find-import-jobs';
import { serveImportRejects } from '@/lib/import/serve-import-rejects';
import { log } from '@/lib/log';
import { getMemberProject } from '@/lib/auth/get-member-project';

export const dynamic = 'force-dynamic';

const text = (status: number, message: string) =>
  new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GET /projects/{projectId}/import/jobs/{jobId}/rejects — the Import page's download of the rows a
 * lenient import refused (JSON Lines: line, file?, field, reason). A lead of the project (or an admin).
 */
export async function GET(_request: Request, context: { params: Promise<{ projectId: string; jobId: string }> }) {
  const { projectId, jobId } = await context.params;
  try {
    const user = await getSessionUser();
    if (!user) return text(401, 'You are signed out: sign in again, then download the file.');
    const project = await getMemberProject({ user, projectId });
    if (!project) return text(404, 'No such project');
    if (user.role !== 'ADMIN' && user.role !== 'LEAD') return text(403, 'Only leads of this project may see its imports');
    const job = UUID.test(jobId) ? await getImportJob({ projectId: project.id, jobId }) : null;
    if (!job) return text(404, 'No such import');
    return serveImportRejects({ jobId: job.id });
  } catch (error) {
    log.error('import rejects download failed', { error, projectId, jobId });
    return text(500, 'Something went wrong on our side. Try again.');
  }
}
