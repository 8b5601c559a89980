import fs from 'node:fs';
import { z } from 'zod';
import { authenticateApiToken, requireApiProjectAccess } from '@/lib/auth/api-token';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { importFile } from '@/lib/import/import-file';
import { saveUpload } from '@/lib/import/save-upload';
import { ZImportQuery } from '@/lib/import/schemas';
import { formatPath } from '@/lib/import/validate-item';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/projects/{projectId}/import?format=auto — body: a JSON Lines file.
 * Bearer token with the "import" scope, of a lead (or admin) of the project.
 * 200 {summary} · 422 {errors: [{line, path, message}], errorCount} · 400/401/403/404/413 {error}.
 */
export async function POST(request: Request, context: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await context.params;
  let upload: Awaited<ReturnType<typeof saveUpload>> | undefined;
  try {
    const actor = await authenticateApiToken(request.headers.get('authorization'), 'import');
    if (!z.uuid().safeParse(projectId).success) return Response.json({ error: 'No such project' }, { status: 404 });
    await requireApiProjectAccess(actor, projectId, ['LEAD']);
    const query = ZImportQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) {
      const issue = query.error.issues[0];
      return Response.json({ error: `${formatPath(issue?.path ?? [])}: ${issue?.message}` }, { status: 400 });
    }
    upload = await saveUpload(request.body, getEnv().IMPORT_MAX_BYTES);
    const file = upload.path;
    const outcome = await importFile({ projectId, actorId: actor.userId, format: query.data.format, withLabels: query.data.with_labels, open: () => fs.createReadStream(file) });
    if (outcome.ok) return Response.json({ summary: outcome.summary });
    return Response.json({ format: outcome.format, rows: outcome.rows, errorCount: outcome.errorCount, errors: outcome.errors }, { status: 422 });
  } catch (error) {
    if (isAppError(error)) {
      return Response.json({ error: error.message }, { status: error.status });
    }
    log.error('import API failed', { error, projectId });
    return Response.json({ error: 'The import failed on our side; nothing was written. Try again.' }, { status: 500 });
  } finally {
    await upload?.remove();
  }
}
