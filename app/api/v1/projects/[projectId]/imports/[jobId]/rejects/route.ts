import { runImportJobApiRoute } from '@/lib/import/run-import-job-api-route';
import { serveImportRejects } from '@/lib/import/serve-import-rejects';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/projects/{projectId}/imports/{jobId}/rejects — the rows a lenient import
 * (skip_invalid=1) refused, as JSON Lines {"line", "file"?, "field", "reason"}. Bearer token with
 * the "import" scope, of a lead (or admin) of the project.
 */
export async function GET(request: Request, context: { params: Promise<{ projectId: string; jobId: string }> }) {
  const { projectId, jobId } = await context.params;
  return runImportJobApiRoute({ request, projectId, jobId, handle: (job) => serveImportRejects({ jobId: job.id }) });
}
