import 'server-only';
import { z } from 'zod';
import { authenticateApiToken, requireApiProjectAccess } from '@/lib/auth/api-token';
import { isAppError } from '@/lib/errors';
import { getImportJob } from '@/lib/import/find-import-jobs';
import { log } from '@/lib/log';

type ImportJob = NonNullable<Awaited<ReturnType<typeof getImportJob>>>;

/**
 * One request about an import job of the import API: bearer token with the "import" scope, a lead
 * (or admin) of the project, the job of that project (404 for an unknown project or job), then
 * `handle`. Domain errors become {error} with their status; anything else is logged, 500.
 */
export async function runImportJobApiRoute(options: {
  request: Request;
  projectId: string;
  jobId: string;
  handle: (job: ImportJob) => Response | Promise<Response>;
}): Promise<Response> {
  const { request, projectId, jobId } = options;
  try {
    const actor = await authenticateApiToken(request.headers.get('authorization'), 'import');
    if (!z.uuid().safeParse(projectId).success) return Response.json({ error: 'No such project' }, { status: 404 });
    await requireApiProjectAccess(actor, projectId, ['LEAD']);
    const job = z.uuid().safeParse(jobId).success ? await getImportJob({ projectId, jobId }) : null;
    if (!job) return Response.json({ error: 'No such import' }, { status: 404 });
    return await options.handle(job);
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.status });
    log.error('import job API failed', { error, projectId, jobId, url: request.url });
    return Response.json({ error: 'Something went wrong on our side. Try again.' }, { status: 500 });
  }
}
