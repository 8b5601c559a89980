import { getSessionUser } from '@/lib/auth/session';
import { getImportJob } from '@/lib/import/find-import-jobs';
import { log } from '@/lib/log';
import { getMemberProject } from '@/lib/auth/get-member-project';

export const dynamic = 'force-dynamic';

const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GET /projects/{projectId}/import/jobs/{jobId} — an import's progress and outcome, which the
 * Import page polls (any instance answers: it is all in the job row). Session cookie of a lead of
 * the project (or an admin). 200 {job} · 401/403/404 {message}.
 */
export async function GET(_request: Request, context: { params: Promise<{ projectId: string; jobId: string }> }) {
  const { projectId, jobId } = await context.params;
  try {
    const user = await getSessionUser();
    if (!user) return json(401, { message: 'You are signed out: sign in again to follow the import' });
    const project = await getMemberProject({ user, projectId });
    if (!project) return json(404, { message: 'No such project' });
    if (user.role !== 'ADMIN' && user.role !== 'LEAD') return json(403, { message: 'Only leads of this project may see its imports' });
    const job = UUID.test(jobId) ? await getImportJob({ projectId: project.id, jobId }) : null;
    if (!job) return json(404, { message: 'No such import' });
    return json(200, { job });
  } catch (error) {
    log.error('import job status failed', { error, projectId, jobId });
    return json(500, { message: 'Something went wrong on our side. Try again.' });
  }
}
