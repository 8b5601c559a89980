import 'server-only';
import { z } from 'zod';
import { authenticateApiToken, requireApiProjectAccess, type ApiActor } from '@/lib/auth/api-token';
import { isAppError } from '@/lib/errors';
import { readJsonBody } from '@/lib/http/read-json-body';
import { log } from '@/lib/log';

/**
 * One request of the generation API (/api/v1/projects/{id}/jobs…): a bearer token with the "import"
 * scope (generation writes items, responses and critiques as an import does), of a lead (or admin)
 * of the project; then `handle`, given the JSON body for POSTs. Domain errors become {error,
 * fieldErrors?} with their status; anything else is logged without the body, 500.
 */
export async function runGenerationApiRoute(options: {
  request: Request;
  projectId: string;
  body?: boolean;
  handle: (context: { actor: ApiActor; body: Record<string, unknown> }) => Promise<Response>;
}): Promise<Response> {
  const { request, projectId } = options;
  try {
    const actor = await authenticateApiToken(request.headers.get('authorization'), 'import');
    if (!z.uuid().safeParse(projectId).success) return Response.json({ error: 'No such project' }, { status: 404 });
    await requireApiProjectAccess(actor, projectId, ['LEAD']);
    // readJsonBody applies the storable-input rule; each handler parses the body with its zod schema.
    const body = options.body ? await readJsonBody(request, 1_000_000) : {};
    return await options.handle({ actor, body });
  } catch (error) {
    if (isAppError(error)) {
      return Response.json(
        { error: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) },
        { status: error.status },
      );
    }
    if (error instanceof z.ZodError) {
      const first = error.issues[0];
      return Response.json({ error: `${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}` }, { status: 400 });
    }
    log.error('generation API failed', { error, projectId, url: request.url });
    return Response.json({ error: 'Something went wrong on our side. Try again.' }, { status: 500 });
  }
}
