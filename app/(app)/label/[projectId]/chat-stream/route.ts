import { getTranslations } from 'next-intl/server';
import { getMemberProject } from '@/lib/auth/get-member-project';
import { getSessionUser } from '@/lib/auth/session';
import { streamChatCompletion } from '@/lib/models/stream-chat-completion';
import { serveChatStream } from '@/lib/chat/serve-chat-stream';
import { SERVER_ERRORS_CATALOGUE, translateServerError } from '@/lib/i18n/server-errors';

export const dynamic = 'force-dynamic';

const refuse = (status: number, error: string) =>
  new Response(JSON.stringify({ error }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

/**
 * POST /label/{projectId}/chat-stream — the chat screen's prompt and retry: stores them and streams
 * the anonymous models' answers as JSON lines (lib/chat/serve-chat-stream.ts). A signed-in labeler
 * or lead of the project, same origin (the proxy refuses cross-site POSTs); the task must be theirs.
 */
export async function POST(request: Request, context: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await context.params;
  const user = await getSessionUser();
  if (!user) return refuse(401, 'You are signed out: sign in again.');
  const project = await getMemberProject({ user, projectId });
  if (!project) return refuse(404, 'No such project');
  if (user.role !== 'ADMIN' && user.role !== 'LABELER' && user.role !== 'LEAD') return refuse(403, 'Only labelers and leads chat here');
  return localized(await serveChatStream({ request, projectId: project.id, userId: user.id, stream: streamChatCompletion }));
}

/** A JSON refusal's error in the labeler's language (issue 31, lib/i18n/server-errors.ts); a stream passes as it is. */
async function localized(response: Response): Promise<Response> {
  if (response.ok || !response.headers.get('content-type')?.startsWith('application/json')) return response;
  const body = (await response.json()) as { error?: string };
  if (typeof body.error !== 'string') return new Response(JSON.stringify(body), response);
  const t = await getTranslations(SERVER_ERRORS_CATALOGUE.namespace);
  const error = translateServerError(body.error, (key, values) => t(key, values));
  return new Response(JSON.stringify({ ...body, error }), { status: response.status, headers: response.headers });
}
