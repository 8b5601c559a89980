import { after } from 'next/server';
import { z } from 'zod';
import { authenticateApiToken, requireApiProjectAccess } from '@/lib/auth/api-token';
import { isAppError } from '@/lib/errors';
import { ZImportQuery } from '@/lib/import/schemas';
import { startImportJob } from '@/lib/import/start-import-job';
import { formatPath } from '@/lib/import/validate-item';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/projects/{projectId}/import?format=auto&with_labels=0&skip_invalid=0&async=0 — body: a JSON
 * Lines or Parquet file, or a zip of a Hugging Face dataset folder. Bearer token with the "import"
 * scope, of a lead (or admin) of the project. Waits for the import: 200 {summary, job} ·
 * 422 {errors: [{line, path, message, file?}], errorCount, job} · 400/401/403/404/413 {error}; with
 * async=1, 202 {job} at once (poll job.url). A lenient import's refused rows: job.rejects_url.
 */
export async function POST(request: Request, context: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await context.params;
  try {
    const actor = await authenticateApiToken(request.headers.get('authorization'), 'import');
    if (!z.uuid().safeParse(projectId).success) return Response.json({ error: 'No such project' }, { status: 404 });
    await requireApiProjectAccess(actor, projectId, ['LEAD']);
    const query = ZImportQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) {
      const issue = query.error.issues[0];
      return Response.json({ error: `${formatPath(issue?.path ?? [])}: ${issue?.message}` }, { status: 400 });
    }
    const { jobId, run } = await startImportJob({ projectId, actorId: actor.userId, origin: 'api', body: request.body, query: query.data });
    const url = `/api/v1/projects/${projectId}/imports/${jobId}`;
    const job = { id: jobId, url, rejects_url: `${url}/rejects` };
    if (query.data.async) {
      after(run);
      return Response.json({ job }, { status: 202, headers: { location: url } });
    }
    const outcome = await run();
    if ('failed' in outcome) return Response.json({ error: outcome.failed, job }, { status: outcome.status });
    if (outcome.ok) return Response.json({ summary: outcome.summary, job });
    return Response.json(
      { format: outcome.format, rows: outcome.rows, errorCount: outcome.errorCount, errors: outcome.errors, job },
      { status: 422 },
    );
  } catch (error) {
    if (isAppError(error)) {
      return Response.json({ error: error.message }, { status: error.status });
    }
    log.error('import API failed', { error, projectId });
    return Response.json({ error: 'The import failed on our side; nothing was written. Try again.' }, { status: 500 });
  }
}
