import { runImportJobApiRoute } from '@/lib/import/run-import-job-api-route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/projects/{projectId}/imports/{jobId} — an import's progress and outcome (status
 * CHECKING | WRITING | DONE | REFUSED | FAILED, rows checked and written, rate, estimate, summary
 * or errors). Bearer token with the "import" scope, of a lead (or admin) of the project.
 */
export async function GET(request: Request, context: { params: Promise<{ projectId: string; jobId: string }> }) {
  const { projectId, jobId } = await context.params;
  return runImportJobApiRoute({
    request,
    projectId,
    jobId,
    handle: (job) =>
      Response.json({
        job: {
          ...job,
          url: `/api/v1/projects/${projectId}/imports/${job.id}`,
          rejects_url: `/api/v1/projects/${projectId}/imports/${job.id}/rejects`,
        },
      }),
  });
}
