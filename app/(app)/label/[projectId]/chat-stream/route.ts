import { getMemberProject } from '@/lib/auth/get-member-project';
import { getSessionUser } from '@/lib/auth/session';
import { streamChatCompletion } from '@/lib/models/stream-chat-completion';
import { serveChatStream } from '@/lib/chat/serve-chat-stream';

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
  return serveChatStream({ request, projectId: project.id, userId: user.id, stream: streamChatCompletion });
}
