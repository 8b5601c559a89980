import { z } from 'zod';
import { authenticateApiToken, requireApiProjectAccess } from '@/lib/auth/api-token';
import { isAppError } from '@/lib/errors';
import { getImportJob } from '@/lib/import/find-import-jobs';
import { serveImportRejects } from '@/lib/import/serve-import-rejects';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/projects/{projectId}/imports/{jobId}/rejects — the rows a lenient import
 * (skip_invalid=1) refused, as JSON Lines {"line", "file"?, "field", "reason"}. Bearer token with
 * the "import" scope, of a lead (or admin) of the project.
 */
export async function GET(request: Request, context: { params: Promise<{ projectId: string; jobId: string }> }) {
  const { projectId, jobId } = await context.params;
  try {
    const actor = await authenticateApiToken(request.headers.get('authorization'), 'import');
    if (!z.uuid().safeParse(projectId).success) return Response.json({ error: 'No such project' }, { status: 404 });
    await requireApiProjectAccess(actor, projectId, ['LEAD']);
    const job = z.uuid().safeParse(jobId).success ? await getImportJob({ projectId, jobId }) : null;
    if (!job) return Response.json({ error: 'No such import' }, { status: 404 });
    return serveImportRejects({ jobId: job.id });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
    log.error('import rejects API failed', { error, projectId, jobId });
    return Response.json({ error: 'Something went wrong on our side. Try again.' }, { status: 500 });
  }
}
