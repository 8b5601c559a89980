import fs from 'node:fs';
import { getSessionUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { isCrossOrigin } from '@/lib/http/is-cross-origin';
import { importFile } from '@/lib/import/import-file';
import { saveUpload } from '@/lib/import/save-upload';
import { ZImportQuery } from '@/lib/import/schemas';
import { log } from '@/lib/log';
import { getMemberProject } from '@/lib/projects/get-member-project';

export const dynamic = 'force-dynamic';

const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

/**
 * POST /projects/{projectId}/import/upload?format=auto&with_labels=0 — the import page's upload, body: the
 * JSON Lines file itself. Session cookie of a lead of the project (or an admin), same origin only.
 * 200 {summary} · 422 {format, rows, errorCount, errors} · 400/401/403/404/413/500 {message}.
 */
export async function POST(request: Request, context: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await context.params;
  if (isCrossOrigin(request)) return json(403, { message: 'Uploads from another site are refused' });
  let upload: Awaited<ReturnType<typeof saveUpload>> | undefined;
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
    upload = await saveUpload(request.body, maxBytes);
    const file = upload.path;
    const outcome = await importFile({ projectId: project.id, actorId: user.id, format: query.data.format, withLabels: query.data.with_labels, open: () => fs.createReadStream(file) });
    if (!outcome.ok) {
      return json(422, { format: outcome.format, rows: outcome.rows, errorCount: outcome.errorCount, errors: outcome.errors });
    }
    log.info('import finished', { projectId: project.id, userId: user.id, bytes: upload.bytes, ...outcome.summary });
    return json(200, { summary: outcome.summary });
  } catch (error) {
    if (isAppError(error)) return json(error.status, { message: error.message });
    log.error('import upload failed', { error, projectId });
    return json(500, { message: 'Something went wrong on our side. Nothing was imported; please try again.' });
  } finally {
    await upload?.remove();
  }
}
