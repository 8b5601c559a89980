import 'server-only';
import { authenticateApiToken, requireApiProjectAccess, type ApiActor } from '@/lib/auth/api-token';
import { isAppError } from '@/lib/errors';
import { log } from '@/lib/log';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const apiJson = (status: number, body: object, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });

/**
 * One request of the export API: bearer token with the "export" scope (401 missing, unknown,
 * revoked or expired; 403 without the scope), a researcher or lead of the project (403 for a
 * labeler, a non-member, or a token bound to another project; 404 for no such project), then
 * `handle`. Domain errors become {error} with their status; anything else is logged, 500.
 */
export async function runExportApiRoute(options: {
  request: Request;
  projectId: string;
  ids?: string[];
  handle: (actor: ApiActor) => Promise<Response>;
}): Promise<Response> {
  const { request, projectId } = options;
  try {
    const actor = await authenticateApiToken(request.headers.get('authorization'), 'export');
    if (![projectId, ...(options.ids ?? [])].every((id) => UUID.test(id))) return apiJson(404, { error: 'Not found' });
    await requireApiProjectAccess(actor, projectId, ['LEAD', 'RESEARCHER']);
    return await options.handle(actor);
  } catch (error) {
    if (isAppError(error))
      return apiJson(error.status, { error: error.message, ...(error.fieldErrors ? { fields: error.fieldErrors } : {}) });
    log.error('export API failed', { error, projectId, url: request.url });
    return apiJson(500, { error: 'Something went wrong on our side. Try again.' });
  }
}
