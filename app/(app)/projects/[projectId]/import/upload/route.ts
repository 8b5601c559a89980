import { after } from 'next/server';
import { getSessionUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { isCrossOrigin } from '@/lib/http/is-cross-origin';
import { ZImportQuery } from '@/lib/import/schemas';
import { startImportJob } from '@/lib/import/start-import-job';
import { log } from '@/lib/log';
import { getMemberProject } from '@/lib/auth/get-member-project';

export const dynamic = 'force-dynamic';

const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

/**
 * POST /projects/{projectId}/import/upload?format=auto&with_labels=0&skip_invalid=0&async=0&name=… — the
 * import page's upload, body: the file itself (JSON Lines, Parquet, or a zip of a dataset folder).
 * Session cookie of a lead of the project (or an admin), same origin only. With async=1 (the page):
 * 202 {job: {id, url}} at once, the import running on; poll the job's URL. Otherwise it waits:
 * 200 {summary, job} · 422 {format, rows, errorCount, errors, job} · 400/401/403/404/413/500 {message}.
 */
export async function POST(request: Request, context: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await context.params;
  if (isCrossOrigin(request)) return json(403, { message: 'Uploads from another site are refused' });
  try {
    const user = await getSessionUser();
    if (!user) return json(401, { message: 'You are signed out: sign in again, then upload the file' });
    const project = await getMemberProject({ user, projectId });
    if (!project) return json(404, { message: 'No such project' });
    if (user.role !== 'ADMIN' && user.role !== 'LEAD') return json(403, { message: 'Only leads of this project may import' });

    const query = ZImportQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return json(400, { message: query.error.issues.map((i) => i.message).join('; ') });

    const maxBytes = getEnv().IMPORT_MAX_BYTES;
    // Refused before reading when the size is declared; saveUpload also counts, for chunked bodies.
    if (Number(request.headers.get('content-length') ?? 0) > maxBytes) {
      return json(413, { message: `The file is larger than ${Math.floor(maxBytes / 1024 / 1024)} MiB` });
    }
    const { jobId, run } = await startImportJob({
      projectId: project.id,
      actorId: user.id,
      origin: 'page',
      body: request.body,
      query: query.data,
    });
    const job = { id: jobId, url: `/projects/${project.id}/import/jobs/${jobId}` };
    if (query.data.async) {
      after(run);
      return json(202, { job });
    }
    const outcome = await run();
    if ('failed' in outcome) return json(outcome.status, { message: outcome.failed, job });
    if (!outcome.ok)
      return json(422, { format: outcome.format, rows: outcome.rows, errorCount: outcome.errorCount, errors: outcome.errors, job });
    log.info('import finished', { projectId: project.id, userId: user.id, jobId, ...outcome.summary });
    return json(200, { summary: outcome.summary, job });
  } catch (error) {
    if (isAppError(error)) return json(error.status, { message: error.message });
    log.error('import upload failed', { error, projectId });
    return json(500, { message: 'Something went wrong on our side. Nothing was imported; please try again.' });
  }
}
